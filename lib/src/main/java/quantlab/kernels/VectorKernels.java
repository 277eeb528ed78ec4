package quantlab.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of the {@code Simd*Weights} kernels: the only class that names a jdk.incubator.vector type, so
 * the JVM loads the incubator module only when one of them multiplies (the public classes check for it first and say
 * which flag is missing). Each loop computes what the scalar loop of the same format computes, L lanes at a time.
 */
final class VectorKernels {

    /** The machine's float vector (16 lanes with AVX-512, 8 with AVX2); 8 lanes where it has fewer. */
    static final VectorSpecies<Float> F =
            FloatVector.SPECIES_PREFERRED.length() >= 8 ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_256;
    /** As many byte lanes as F has float lanes: a quarter of F's bits (128 bits of codes for a 512-bit F). */
    private static final VectorSpecies<Byte> B =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    /** Int lanes of F's shape: int4 codes are unpacked as ints, where x86 has shifts (it has none on bytes). */
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());

    private VectorKernels() {
    }

    /** A description of the vectors in use, such as "512-bit, 16 float lanes". */
    static String shape() {
        return F.vectorBitSize() + "-bit, " + F.length() + " float lanes";
    }

    /**
     * fp32 y = W x. Per row, four vector accumulators take turns (so four fused multiply-adds are in flight at
     * once), are added lane by lane and reduced to one float; columns after the last whole vector go through a scalar
     * loop.
     */
    static void fp32(float[] w, int rows, int n, float[] x, float[] y) {
        int lanes = F.length();
        int unrolled = n - n % (4 * lanes);
        int vectors = n - n % lanes;
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            int c = 0;
            for (; c < unrolled; c += 4 * lanes) {
                acc0 = FloatVector.fromArray(F, w, base + c).fma(FloatVector.fromArray(F, x, c), acc0);
                acc1 = FloatVector.fromArray(F, w, base + c + lanes)
                        .fma(FloatVector.fromArray(F, x, c + lanes), acc1);
                acc2 = FloatVector.fromArray(F, w, base + c + 2 * lanes)
                        .fma(FloatVector.fromArray(F, x, c + 2 * lanes), acc2);
                acc3 = FloatVector.fromArray(F, w, base + c + 3 * lanes)
                        .fma(FloatVector.fromArray(F, x, c + 3 * lanes), acc3);
            }
            for (; c < vectors; c += lanes) {
                acc0 = FloatVector.fromArray(F, w, base + c).fma(FloatVector.fromArray(F, x, c), acc0);
            }
            float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
            for (; c < n; c++) {
                sum += w[base + c] * x[c];
            }
            y[r] = sum;
        }
    }

    /**
     * int8 per-row y = W x, the loop of {@link #fp32} with codes for weights: each step loads L codes, converts them
     * byte to float ({@code convertShape(B2F)}, a sign-extending widen) and multiplies-adds them with L entries of x.
     * The row's sum of code x x is multiplied by its scale once.
     */
    static void int8(byte[] w, float[] scales, int rows, int n, float[] x, float[] y) {
        int lanes = F.length();
        int unrolled = n - n % (4 * lanes);
        int vectors = n - n % lanes;
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            int c = 0;
            for (; c < unrolled; c += 4 * lanes) {
                acc0 = int8Codes(w, base + c).fma(FloatVector.fromArray(F, x, c), acc0);
                acc1 = int8Codes(w, base + c + lanes).fma(FloatVector.fromArray(F, x, c + lanes), acc1);
                acc2 = int8Codes(w, base + c + 2 * lanes).fma(FloatVector.fromArray(F, x, c + 2 * lanes), acc2);
                acc3 = int8Codes(w, base + c + 3 * lanes).fma(FloatVector.fromArray(F, x, c + 3 * lanes), acc3);
            }
            for (; c < vectors; c += lanes) {
                acc0 = int8Codes(w, base + c).fma(FloatVector.fromArray(F, x, c), acc0);
            }
            float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
            for (; c < n; c++) {
                sum += w[base + c] * x[c];
            }
            y[r] = sum * scales[r];
        }
    }

    /** L int8 codes from {@code offset}, as L floats. */
    private static FloatVector int8Codes(byte[] w, int offset) {
        return (FloatVector) ByteVector.fromArray(B, w, offset).convertShape(VectorOperators.B2F, F, 0);
    }

    /**
     * int4 per-group y = W x over the block layout of {@link SimdInt4GroupWeights} (byte j of a block of 32 codes:
     * code j low, code j + 16 high). Per group, two float accumulators, one for the low-nibble codes and one for the
     * high; each step loads L bytes, widens them to L ints (sign-extending), takes the low nibble as
     * {@code (i << 28) >> 28} and the high one as {@code i >> 4}, converts both to float and multiplies-adds them with
     * the two runs of x they line up with. At the end of a group the two accumulators are added and, times the
     * group's scale, added into the row's vector total, which is reduced to one float per row.
     */
    static void int4(byte[] blocks, float[] scales, int rows, int n, int groupSize, float[] x, float[] y) {
        int lanes = F.length();
        int half = SimdInt4GroupWeights.BLOCK / 2;
        int groups = n / groupSize;
        int rowBytes = n / 2;
        for (int r = 0; r < rows; r++) {
            FloatVector total = FloatVector.zero(F);
            int rowBase = r * rowBytes;
            int scaleBase = r * groups;
            for (int k = 0; k < groups; k++) {
                FloatVector lowAcc = FloatVector.zero(F);
                FloatVector highAcc = FloatVector.zero(F);
                int groupCol = k * groupSize;
                for (int blockCol = groupCol; blockCol < groupCol + groupSize; blockCol += 2 * half) {
                    int blockByte = rowBase + blockCol / 2;
                    for (int j = 0; j < half; j += lanes) {
                        IntVector packed = (IntVector) ByteVector.fromArray(B, blocks, blockByte + j)
                                .convertShape(VectorOperators.B2I, I, 0);
                        FloatVector low = (FloatVector) packed.lanewise(VectorOperators.LSHL, 28)
                                .lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0);
                        FloatVector high = (FloatVector) packed.lanewise(VectorOperators.ASHR, 4)
                                .convert(VectorOperators.I2F, 0);
                        lowAcc = low.fma(FloatVector.fromArray(F, x, blockCol + j), lowAcc);
                        highAcc = high.fma(FloatVector.fromArray(F, x, blockCol + half + j), highAcc);
                    }
                }
                total = lowAcc.add(highAcc).fma(FloatVector.broadcast(F, scales[scaleBase + k]), total);
            }
            y[r] = total.reduceLanes(VectorOperators.ADD);
        }
    }
}
