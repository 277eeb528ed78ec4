package quantlab.bench;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import quantlab.kernels.KernelThreads;

/**
 * The memory read rate a GEMV is bounded by, measured the way a good kernel reads: full-width vectors (this machine's
 * preferred vector size), four streams per thread at once (four neighbouring runs of 32 KiB read side by side, as the
 * kernels read four rows), over an array larger than the last-level cache, on the same {@link KernelThreads} pool as
 * the kernels. Each stream keeps two accumulators so the adds never wait on each other.
 */
final class ReadProbe {

    /** The machine's widest long vector. */
    static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

    /** Streams per thread. */
    static final int STREAMS = 4;

    private ReadProbe() {
    }

    /** Words per stream before the four move on: 32 KiB, one row of an 8192-column fp32 matrix. */
    static final int ROW = 4096;

    /**
     * Sums words from..to of {@code w} in four streams that read neighbouring 32 KiB runs side by side, then move on
     * to the next four, as a GEMV kernel reads four rows of an 8192-column fp32 matrix. (Four streams a quarter of
     * the array apart measured 2.8 to 7.2 GB/s while the fp32 kernel streamed 12 GB/s in the same run.) The length
     * must be a multiple of {@link #align()}; the pool's chunk bounds are, since that is the align passed to it.
     */
    static long read(long[] w, int from, int to) {
        int lanes = L.length();
        LongVector a0 = LongVector.zero(L);
        LongVector a1 = LongVector.zero(L);
        LongVector a2 = LongVector.zero(L);
        LongVector a3 = LongVector.zero(L);
        LongVector b0 = LongVector.zero(L);
        LongVector b1 = LongVector.zero(L);
        LongVector b2 = LongVector.zero(L);
        LongVector b3 = LongVector.zero(L);
        for (int s0 = from; s0 < to; s0 += STREAMS * ROW) {
            int s1 = s0 + ROW;
            int s2 = s0 + 2 * ROW;
            int s3 = s0 + 3 * ROW;
            for (int i = 0; i < ROW; i += 2 * lanes) {
                a0 = a0.add(LongVector.fromArray(L, w, s0 + i));
                a1 = a1.add(LongVector.fromArray(L, w, s1 + i));
                a2 = a2.add(LongVector.fromArray(L, w, s2 + i));
                a3 = a3.add(LongVector.fromArray(L, w, s3 + i));
                b0 = b0.add(LongVector.fromArray(L, w, s0 + i + lanes));
                b1 = b1.add(LongVector.fromArray(L, w, s1 + i + lanes));
                b2 = b2.add(LongVector.fromArray(L, w, s2 + i + lanes));
                b3 = b3.add(LongVector.fromArray(L, w, s3 + i + lanes));
            }
        }
        return a0.add(a1).add(a2.add(a3)).add(b0.add(b1).add(b2.add(b3))).reduceLanes(VectorOperators.ADD);
    }

    /**
     * Sums words from..to of {@code w} as one stream, two accumulators taking turns: how a kernel that reads one row
     * at a time meets memory. The hardware prefetcher keeps a limited number of lines in flight per stream, so one
     * stream gets less than four.
     */
    static long readOne(long[] w, int from, int to) {
        int lanes = L.length();
        LongVector a = LongVector.zero(L);
        LongVector b = LongVector.zero(L);
        for (int i = from; i < to; i += 2 * lanes) {
            a = a.add(LongVector.fromArray(L, w, i));
            b = b.add(LongVector.fromArray(L, w, i + lanes));
        }
        return a.add(b).reduceLanes(VectorOperators.ADD);
    }

    /** Words per unit of the split: four runs of {@link #ROW} words. */
    static int align() {
        return STREAMS * ROW;
    }
}
