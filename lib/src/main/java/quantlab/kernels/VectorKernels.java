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
    private static final VectorSpecies<Float> F =
            FloatVector.SPECIES_PREFERRED.length() >= 8 ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_256;
    /** As many byte lanes as F has float lanes: a quarter of F's bits (128 bits of codes for a 512-bit F). */
    private static final VectorSpecies<Byte> B =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    /**
     * The fp32 kernel's vector: F, but at most 256 bits. fp32 is bound by memory, and a Java array's data need not
     * start on a 64-byte cache line, so a 512-bit load of it straddles two lines; 256-bit loads straddle half as
     * often. Measured on an AVX-512 EPYC: 10.7-11.7 ms against 12.3-15.6 ms for 8192 x 8192.
     */
    private static final VectorSpecies<Float> FP32 =
            FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256 ? FloatVector.SPECIES_256
                    : FloatVector.SPECIES_PREFERRED;
    /** Int lanes of F's shape: int4 codes are unpacked as ints, where x86 has shifts (it has none on bytes). */
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());

    /**
     * Rows computed together. x is as large as L1 (8192 floats = 32 KiB) and the stream of weights keeps pushing it
     * out, so every load of x counts: taken once for four rows, it is read a quarter as often.
     */
    static final int ROWS = 4;

    private VectorKernels() {
    }

    /**
     * The sum of a vector's lanes in one fixed order, lane 0 first. {@code reduceLanes(ADD)} leaves the order of a
     * floating-point reduction to the implementation, and compiled and interpreted code do use different orders, so
     * two kernels, or one kernel before and after the JIT compiles it, could round the same products differently.
     * With this sum every path gives the same bits, which the threaded and GEMM kernels promise.
     */
    static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** A description of the vectors in use, such as "512-bit, 16 float lanes (fp32: 256-bit, 8)". */
    static String shape() {
        return F.vectorBitSize() + "-bit, " + F.length() + " float lanes (fp32: " + FP32.vectorBitSize() + "-bit, "
                + FP32.length() + ")";
    }

    /**
     * fp32 y = W x, four rows at a time: each step loads L entries of x once and multiplies-adds them with L weights
     * of each of the four rows into that row's vector accumulator; at the end of the rows each accumulator is reduced
     * to one float and the columns after the last whole vector go through a scalar loop. Rows from..to; when their count
     * is not a multiple of four the last block repeats the last row (it computes it twice and writes the same y twice).
     */
    static void fp32(float[] w, int from, int to, int n, float[] x, float[] y) {
        int lanes = FP32.length();
        int vectors = n - n % lanes;
        for (int r = from; r < to; r += ROWS) {
            int r1 = row(r + 1, to);
            int r2 = row(r + 2, to);
            int r3 = row(r + 3, to);
            int b0 = r * n;
            int b1 = r1 * n;
            int b2 = r2 * n;
            int b3 = r3 * n;
            FloatVector acc0 = FloatVector.zero(FP32);
            FloatVector acc1 = FloatVector.zero(FP32);
            FloatVector acc2 = FloatVector.zero(FP32);
            FloatVector acc3 = FloatVector.zero(FP32);
            int c = 0;
            for (; c < vectors; c += lanes) {
                FloatVector xs = FloatVector.fromArray(FP32, x, c);
                acc0 = FloatVector.fromArray(FP32, w, b0 + c).fma(xs, acc0);
                acc1 = FloatVector.fromArray(FP32, w, b1 + c).fma(xs, acc1);
                acc2 = FloatVector.fromArray(FP32, w, b2 + c).fma(xs, acc2);
                acc3 = FloatVector.fromArray(FP32, w, b3 + c).fma(xs, acc3);
            }
            float s0 = sum(acc0);
            float s1 = sum(acc1);
            float s2 = sum(acc2);
            float s3 = sum(acc3);
            for (; c < n; c++) {
                s0 += w[b0 + c] * x[c];
                s1 += w[b1 + c] * x[c];
                s2 += w[b2 + c] * x[c];
                s3 += w[b3 + c] * x[c];
            }
            y[r3] = s3;
            y[r2] = s2;
            y[r1] = s1;
            y[r] = s0;
        }
    }

    /** Tokens one {@link #fp32Tile} multiplies at once. */
    static final int TILE_TOKENS = 3;

    /**
     * The prefill tile of fp32: rows from..to (four at a time, as {@link #fp32}) times three tokens at once, twelve
     * vector accumulators in registers. Each step loads L entries of each token's x once and L weights of each row
     * once and does twelve multiply-adds, where three GEMVs would load every weight three times. Every (row, token)
     * accumulator sees the same fused multiply-adds in the same order as in {@link #fp32}, then the same reduction
     * and scalar tail, so each y is bit for bit the GEMV's.
     */
    static void fp32Tile(float[] w, int from, int to, int n, float[] x0, float[] x1, float[] x2, float[] y0,
            float[] y1, float[] y2) {
        int lanes = FP32.length();
        int vectors = n - n % lanes;
        for (int r = from; r < to; r += ROWS) {
            int r1 = row(r + 1, to);
            int r2 = row(r + 2, to);
            int r3 = row(r + 3, to);
            int b0 = r * n;
            int b1 = r1 * n;
            int b2 = r2 * n;
            int b3 = r3 * n;
            FloatVector a00 = FloatVector.zero(FP32), a01 = FloatVector.zero(FP32), a02 = FloatVector.zero(FP32);
            FloatVector a10 = FloatVector.zero(FP32), a11 = FloatVector.zero(FP32), a12 = FloatVector.zero(FP32);
            FloatVector a20 = FloatVector.zero(FP32), a21 = FloatVector.zero(FP32), a22 = FloatVector.zero(FP32);
            FloatVector a30 = FloatVector.zero(FP32), a31 = FloatVector.zero(FP32), a32 = FloatVector.zero(FP32);
            int c = 0;
            for (; c < vectors; c += lanes) {
                FloatVector x0s = FloatVector.fromArray(FP32, x0, c);
                FloatVector x1s = FloatVector.fromArray(FP32, x1, c);
                FloatVector x2s = FloatVector.fromArray(FP32, x2, c);
                FloatVector w0 = FloatVector.fromArray(FP32, w, b0 + c);
                a00 = w0.fma(x0s, a00);
                a01 = w0.fma(x1s, a01);
                a02 = w0.fma(x2s, a02);
                FloatVector w1 = FloatVector.fromArray(FP32, w, b1 + c);
                a10 = w1.fma(x0s, a10);
                a11 = w1.fma(x1s, a11);
                a12 = w1.fma(x2s, a12);
                FloatVector w2 = FloatVector.fromArray(FP32, w, b2 + c);
                a20 = w2.fma(x0s, a20);
                a21 = w2.fma(x1s, a21);
                a22 = w2.fma(x2s, a22);
                FloatVector w3 = FloatVector.fromArray(FP32, w, b3 + c);
                a30 = w3.fma(x0s, a30);
                a31 = w3.fma(x1s, a31);
                a32 = w3.fma(x2s, a32);
            }
            finish(w, b0, b1, b2, b3, c, n, x0, a00, a10, a20, a30, y0, r, r1, r2, r3);
            finish(w, b0, b1, b2, b3, c, n, x1, a01, a11, a21, a31, y1, r, r1, r2, r3);
            finish(w, b0, b1, b2, b3, c, n, x2, a02, a12, a22, a32, y2, r, r1, r2, r3);
        }
    }

    /** The end of {@link #fp32} for one token: reductions, scalar tail from column c, stores (last row first). */
    private static void finish(float[] w, int b0, int b1, int b2, int b3, int c, int n, float[] x, FloatVector acc0,
            FloatVector acc1, FloatVector acc2, FloatVector acc3, float[] y, int r, int r1, int r2, int r3) {
        float s0 = sum(acc0);
        float s1 = sum(acc1);
        float s2 = sum(acc2);
        float s3 = sum(acc3);
        for (; c < n; c++) {
            s0 += w[b0 + c] * x[c];
            s1 += w[b1 + c] * x[c];
            s2 += w[b2 + c] * x[c];
            s3 += w[b3 + c] * x[c];
        }
        y[r3] = s3;
        y[r2] = s2;
        y[r1] = s1;
        y[r] = s0;
    }

    /**
     * The byte vector of F's size: L int lanes of four bytes each, the chunk of codes one step of {@link #int8}
     * loads per row.
     */
    private static final VectorSpecies<Byte> W8 = VectorSpecies.of(byte.class, F.vectorShape());
    /**
     * The int4 kernel's float vector: F, but at most 256 bits, so that one chunk (8 nibbles in each of L int lanes,
     * 8 L codes) never holds more than two groups' worth of 4 L codes: every group size that is a multiple of 32 is
     * then a multiple of 4 L (L = 4 or 8), and half a chunk always has one scale.
     */
    private static final VectorSpecies<Float> F4 =
            F.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : F;
    /** The byte vector of F4's size: the chunk of packed codes one step of {@link #int4} loads. */
    private static final VectorSpecies<Byte> W4 = VectorSpecies.of(byte.class, F4.vectorShape());

    /** Columns of one int8 chunk: 4 L (32 with AVX2, 64 with AVX-512, 16 with 128-bit vectors). */
    static int int8Chunk() {
        return 4 * F.length();
    }

    /** Columns of one int4 chunk: 8 L (64 with AVX2 and AVX-512, 32 with 128-bit vectors). */
    static int int4Chunk() {
        return 8 * F4.length();
    }

    /**
     * The lane layout of int8 codes: within each chunk of 4 L columns of a row, byte 4 i + k holds the code of column
     * k L + i (i = 0..L-1 the int lane, k = 0..3 the byte in it). Loaded as L ints, byte k of every lane is then the
     * run of L consecutive codes k L.. k L + L - 1, and two shifts (one for k = 3) sign-extend it in place: no byte
     * shuffles. Columns after the last whole chunk keep their row-major place. Rows stay rows.
     */
    static byte[] int8Lanes(byte[] codes, int rows, int n) {
        int lanes = F.length();
        int chunk = 4 * lanes;
        int end = n - n % chunk;
        byte[] out = codes.clone();
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            for (int c = 0; c < end; c += chunk) {
                for (int k = 0; k < 4; k++) {
                    for (int i = 0; i < lanes; i++) {
                        out[base + c + 4 * i + k] = codes[base + c + k * lanes + i];
                    }
                }
            }
        }
        return out;
    }

    /**
     * int8 per-row y = W x over {@link #int8Lanes}, two rows at a time. Each step loads one chunk (4 L codes) of each
     * row as L ints and x's four runs of L floats; byte k of the ints is shifted to the top and back with its sign
     * ({@code (v << 24 - 8k) >> 24}, one shift for k = 3), converted to float and multiplied-added with run k, into
     * two accumulators per row (k = 0, 2 and k = 1, 3) so that no accumulator waits on the fused multiply-add before
     * it. The bytes are never widened with a shuffle: {@code convertShape(B2F)} of a byte vector is a cross-lane
     * widen on x86, and on an AVX2 EPYC it held the old loop to 12-15 G codes/s in cache, where shifts run on every
     * vector port (see the class comment of {@link SimdInt8RowWeights} for the figures). Columns after the last chunk
     * go through a scalar loop on the row-major codes; each row's sum is multiplied by its scale once. A block of two
     * that runs past {@code to} computes the last row twice.
     */
    static void int8(byte[] lanes8, byte[] codes, float[] scales, int from, int to, int n, float[] x, float[] y) {
        int lanes = F.length();
        int chunk = 4 * lanes;
        int end = n - n % chunk;
        for (int r = from; r < to; r += 2) {
            int r1 = row(r + 1, to);
            int b0 = r * n;
            int b1 = r1 * n;
            FloatVector even0 = FloatVector.zero(F);
            FloatVector odd0 = FloatVector.zero(F);
            FloatVector even1 = FloatVector.zero(F);
            FloatVector odd1 = FloatVector.zero(F);
            for (int c = 0; c < end; c += chunk) {
                IntVector v0 = ByteVector.fromArray(W8, lanes8, b0 + c).reinterpretAsInts();
                IntVector v1 = ByteVector.fromArray(W8, lanes8, b1 + c).reinterpretAsInts();
                FloatVector x0 = FloatVector.fromArray(F, x, c);
                FloatVector x1 = FloatVector.fromArray(F, x, c + lanes);
                FloatVector x2 = FloatVector.fromArray(F, x, c + 2 * lanes);
                FloatVector x3 = FloatVector.fromArray(F, x, c + 3 * lanes);
                even0 = signedByte(v0, 24).fma(x0, even0);
                odd0 = signedByte(v0, 16).fma(x1, odd0);
                even0 = signedByte(v0, 8).fma(x2, even0);
                odd0 = topByte(v0).fma(x3, odd0);
                even1 = signedByte(v1, 24).fma(x0, even1);
                odd1 = signedByte(v1, 16).fma(x1, odd1);
                even1 = signedByte(v1, 8).fma(x2, even1);
                odd1 = topByte(v1).fma(x3, odd1);
            }
            float s0 = sum(even0.add(odd0));
            float s1 = sum(even1.add(odd1));
            for (int c = end; c < n; c++) {
                s0 += codes[b0 + c] * x[c];
                s1 += codes[b1 + c] * x[c];
            }
            y[r1] = s1 * scales[r1];
            y[r] = s0 * scales[r];
        }
    }

    /** The byte that {@code shift} moves to the top of each int lane, sign-extended back down, as float. */
    private static FloatVector signedByte(IntVector v, int shift) {
        return (FloatVector) v.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, 24)
                .convert(VectorOperators.I2F, 0);
    }

    /** The top byte of each int lane, sign-extended, as float: one shift. */
    private static FloatVector topByte(IntVector v) {
        return (FloatVector) v.lanewise(VectorOperators.ASHR, 24).convert(VectorOperators.I2F, 0);
    }

    /**
     * The lane layout of int4 codes (two's complement, in the pair layout of {@link Int4GroupWeights}): within each
     * chunk of 8 L columns of a row, nibble k of int lane i (bits 4k..4k+3 of bytes 4i..4i+3, little-endian) holds
     * the code of column k L + i, stored as code + 8 (0 to 15, as Q4_0 stores it). The low 16 bits of the lanes hold
     * the first half of the chunk (nibbles 0-3), the high 16 bits the second: shifted right by 0 or 16, then
     * {@code v & (0xF << 4k)}, one AND, is the stored value times 2^4k for k = 0..3, an exact int and float. Columns
     * after the last whole chunk keep their pair-layout bytes.
     */
    static byte[] int4Lanes(byte[] pairs, int rows, int n) {
        int lanes = F4.length();
        int chunk = 8 * lanes;
        int end = n - n % chunk;
        int rowBytes = n / 2;
        byte[] out = pairs.clone();
        for (int r = 0; r < rows; r++) {
            int base = r * rowBytes;
            for (int c = 0; c < end; c += chunk) {
                for (int i = 0; i < lanes; i++) {
                    int word = 0;
                    for (int k = 0; k < 8; k++) {
                        word |= (int4Code(pairs, base, c + k * lanes + i) + 8) << 4 * k;
                    }
                    for (int b = 0; b < 4; b++) {
                        out[base + c / 2 + 4 * i + b] = (byte) (word >>> 8 * b);
                    }
                }
            }
        }
        return out;
    }

    /** Code {@code col} of the row at byte {@code base} of the pair layout (code 2i low, 2i + 1 high), signed. */
    static int int4Code(byte[] pairs, int base, int col) {
        int b = pairs[base + col / 2];
        return col % 2 == 0 ? (b << 28) >> 28 : b >> 4;
    }

    /**
     * What {@link #int4} needs from x, computed once per product: {@code scaled[c]} is x[c] times 2^-4j for the
     * column at nibble j = k mod 4 of its half chunk (an exact power-of-two scaling, so (stored x 2^4j) x (x x 2^-4j)
     * is the same float product as stored x x), and {@code offsets[h]} the sum of x over half chunk h (4 L columns),
     * which the +8 of the stored codes adds 8 x scale x of to the row. Exact unless |x| is below 2^-114, where the
     * scaled copy becomes subnormal.
     */
    static void int4Prepare(float[] x, int n, int groupSize, float[] scaled, float[] offsets) {
        int lanes = F4.length();
        int half = 4 * lanes;
        int end = n - n % (2 * half);
        for (int c = 0; c < end; c += lanes) {
            int j = (c / lanes) % 4;
            FloatVector.fromArray(F4, x, c).mul(Float.intBitsToFloat((127 - 4 * j) << 23)).intoArray(scaled, c);
        }
        for (int c0 = 0, h = 0; c0 < end; c0 += half, h++) {
            float sum = 0f;
            for (int c = c0; c < c0 + half; c++) {
                sum += x[c];
            }
            offsets[h] = sum;
        }
    }

    /**
     * int4 per-group y = W x over {@link #int4Lanes}, two rows at a time, half a chunk (4 L codes) per step: the
     * chunk's L ints of each row are loaded and shifted right by 0 or 16 (first or second half), then nibble j is
     * {@code v & (0xF << 4j)} converted to float and multiplied-added with run j of the scaled x
     * ({@link #int4Prepare}): one AND, one conversion and one multiply-add per L codes, no shuffles, and each load of
     * x serves both rows. Nibbles 0, 2 and 1, 3 go to two accumulators per row, each multiplied by the half chunk's
     * group scale ({@code halfGroup[h]}) into its own row total, so no step waits on the one before. The +8 of the
     * stored codes is summed alongside, per row, as scale x offsets[h] (a scalar multiply-add per half chunk), and
     * 8 x that comes off once per row. Columns after the last chunk go through a scalar loop on the pair layout.
     * The lanes are summed from a store into a local array of L floats in the order of {@link #sum}: sum's lane()
     * calls would take this method past C2's node limit for inlining, and a Vector API call left out boxes its
     * vectors (four rows a step did, about 40 times slower). A local array rather than a caller's buffer, so that C2
     * knows the store aliases none of the float arrays the loop reads: 8.5 against 10.8 G codes/s in cache (8192
     * columns, loaded machine), where reduceLanes, whose order compiled and interpreted code do not share, gave 15.
     */
    static void int4(byte[] lanes4, byte[] pairs, float[] scales, int[] halfGroup, int from, int to, int n,
            int groupSize, float[] x, float[] scaled, float[] offsets, float[] y) {
        int lanes = F4.length();
        int half = 4 * lanes;
        int end = n - n % (2 * half);
        int groups = n / groupSize;
        int rowBytes = n / 2;
        float[] sums = new float[lanes];
        for (int r = from; r < to; r += 2) {
            int r1 = row(r + 1, to);
            int base0 = r * rowBytes;
            int base1 = r1 * rowBytes;
            int sb0 = r * groups;
            int sb1 = r1 * groups;
            FloatVector even0 = FloatVector.zero(F4);
            FloatVector odd0 = FloatVector.zero(F4);
            FloatVector even1 = FloatVector.zero(F4);
            FloatVector odd1 = FloatVector.zero(F4);
            float offset0 = 0f;
            float offset1 = 0f;
            for (int c = 0, h = 0; c < end; c += half, h++) {
                int at = (h >> 1) * half;
                int shift = (h & 1) << 4;
                IntVector v0 = ByteVector.fromArray(W4, lanes4, base0 + at).reinterpretAsInts()
                        .lanewise(VectorOperators.LSHR, shift);
                IntVector v1 = ByteVector.fromArray(W4, lanes4, base1 + at).reinterpretAsInts()
                        .lanewise(VectorOperators.LSHR, shift);
                FloatVector x0 = FloatVector.fromArray(F4, scaled, c);
                FloatVector x1 = FloatVector.fromArray(F4, scaled, c + lanes);
                FloatVector x2 = FloatVector.fromArray(F4, scaled, c + 2 * lanes);
                FloatVector x3 = FloatVector.fromArray(F4, scaled, c + 3 * lanes);
                FloatVector a0 = nibble(v0, 0xF).mul(x0);
                FloatVector b0 = nibble(v0, 0xF0).mul(x1);
                FloatVector a1 = nibble(v1, 0xF).mul(x0);
                FloatVector b1 = nibble(v1, 0xF0).mul(x1);
                a0 = nibble(v0, 0xF00).fma(x2, a0);
                b0 = nibble(v0, 0xF000).fma(x3, b0);
                a1 = nibble(v1, 0xF00).fma(x2, a1);
                b1 = nibble(v1, 0xF000).fma(x3, b1);
                float scale0 = scales[sb0 + halfGroup[h]];
                float scale1 = scales[sb1 + halfGroup[h]];
                offset0 += scale0 * offsets[h];
                offset1 += scale1 * offsets[h];
                FloatVector s0 = FloatVector.broadcast(F4, scale0);
                FloatVector s1 = FloatVector.broadcast(F4, scale1);
                even0 = a0.fma(s0, even0);
                odd0 = b0.fma(s0, odd0);
                even1 = a1.fma(s1, even1);
                odd1 = b1.fma(s1, odd1);
            }
            even1.add(odd1).intoArray(sums, 0);
            y[r1] = finishInt4(sums, lanes, offset1, pairs, scales, base1, sb1, end, n, groupSize, x);
            even0.add(odd0).intoArray(sums, 0);
            y[r] = finishInt4(sums, lanes, offset0, pairs, scales, base0, sb0, end, n, groupSize, x);
        }
    }

    /** A row of {@link #int4} after its vector loop: lane sum, the offset taken off, the scalar tail. */
    private static float finishInt4(float[] sums, int lanes, float offset, byte[] pairs, float[] scales, int base,
            int sb, int end, int n, int groupSize, float[] x) {
        float s = 0f;
        for (int i = 0; i < lanes; i++) {
            s += sums[i];
        }
        s -= 8f * offset;
        for (int c = end; c < n; c++) {
            s += scales[sb + c / groupSize] * (int4Code(pairs, base, c) * x[c]);
        }
        return s;
    }

    /** The bits {@code mask} selects of each int lane, as float: exact, the mask keeping four bits. */
    private static FloatVector nibble(IntVector v, int mask) {
        return (FloatVector) v.and(mask).convert(VectorOperators.I2F, 0);
    }

    /** L int8 codes from {@code offset}, as L floats: for {@link #q8_0}. */
    private static FloatVector int8Codes(byte[] w, int offset) {
        return (FloatVector) ByteVector.fromArray(B, w, offset).convertShape(VectorOperators.B2F, F, 0);
    }

    /**
     * Q8_0 y = W x over ggml's blocks (34 bytes: fp16 d, 32 int8 codes), four rows at a time: per block, the codes are
     * widened to floats ({@code convertShape(B2F)}) and multiplied-added with x into a block accumulator, which is multiplied by the block's d and added into
     * the row's vector total.
     */
    static void q8_0(byte[] data, int from, int to, int n, float[] x, float[] y) {
        int lanes = F.length();
        int blocks = n / 32;
        int rowBytes = blocks * Q8_0Weights.BLOCK_BYTES;
        for (int r = from; r < to; r += ROWS) {
            int r1 = row(r + 1, to);
            int r2 = row(r + 2, to);
            int r3 = row(r + 3, to);
            FloatVector total0 = FloatVector.zero(F);
            FloatVector total1 = FloatVector.zero(F);
            FloatVector total2 = FloatVector.zero(F);
            FloatVector total3 = FloatVector.zero(F);
            for (int k = 0; k < blocks; k++) {
                int a0 = r * rowBytes + k * Q8_0Weights.BLOCK_BYTES;
                int a1 = r1 * rowBytes + k * Q8_0Weights.BLOCK_BYTES;
                int a2 = r2 * rowBytes + k * Q8_0Weights.BLOCK_BYTES;
                int a3 = r3 * rowBytes + k * Q8_0Weights.BLOCK_BYTES;
                FloatVector acc0 = FloatVector.zero(F);
                FloatVector acc1 = FloatVector.zero(F);
                FloatVector acc2 = FloatVector.zero(F);
                FloatVector acc3 = FloatVector.zero(F);
                int c0 = k * 32;
                for (int j = 0; j < 32; j += lanes) {
                    FloatVector xs = FloatVector.fromArray(F, x, c0 + j);
                    acc0 = int8Codes(data, a0 + 2 + j).fma(xs, acc0);
                    acc1 = int8Codes(data, a1 + 2 + j).fma(xs, acc1);
                    acc2 = int8Codes(data, a2 + 2 + j).fma(xs, acc2);
                    acc3 = int8Codes(data, a3 + 2 + j).fma(xs, acc3);
                }
                total0 = acc0.fma(FloatVector.broadcast(F, BlockLayouts.scale(data, a0)), total0);
                total1 = acc1.fma(FloatVector.broadcast(F, BlockLayouts.scale(data, a1)), total1);
                total2 = acc2.fma(FloatVector.broadcast(F, BlockLayouts.scale(data, a2)), total2);
                total3 = acc3.fma(FloatVector.broadcast(F, BlockLayouts.scale(data, a3)), total3);
            }
            y[r3] = sum(total3);
            y[r2] = sum(total2);
            y[r1] = sum(total1);
            y[r] = sum(total0);
        }
    }

    /**
     * Q4_0 y = W x over ggml's blocks (18 bytes: fp16 d, 16 bytes whose byte j holds stored codes u_j low and
     * u_{j+16} high, weight (u - 8) x d), two rows at a time: a byte widened with its
     * sign gives u_j with one AND and u_{j+16} with a shift and an AND; both offsets are taken off as 8 x d x (sum of
     * the block's x), kept as a vector per row and reduced once at the end. With four rows at a time C2 stopped
     * inlining at its node limit (NodeCountInliningCutoff, seen with -XX:+PrintInlining): 108 us against 28.5 us for
     * 64 x 4096 in cache on an AVX2 EPYC.
     */
    static void q4_0(byte[] data, int from, int to, int n, float[] x, float[] y) {
        int lanes = F.length();
        int blocks = n / 32;
        int rowBytes = blocks * Q4_0Weights.BLOCK_BYTES;
        for (int r = from; r < to; r += 2) {
            int r1 = row(r + 1, to);
            FloatVector total0 = FloatVector.zero(F);
            FloatVector total1 = FloatVector.zero(F);
            FloatVector off0 = FloatVector.zero(F);
            FloatVector off1 = FloatVector.zero(F);
            for (int k = 0; k < blocks; k++) {
                int a0 = r * rowBytes + k * Q4_0Weights.BLOCK_BYTES;
                int a1 = r1 * rowBytes + k * Q4_0Weights.BLOCK_BYTES;
                FloatVector acc0 = FloatVector.zero(F);
                FloatVector acc1 = FloatVector.zero(F);
                FloatVector xSum = FloatVector.zero(F);
                int c0 = k * 32;
                for (int j = 0; j < 16; j += lanes) {
                    FloatVector xLow = FloatVector.fromArray(F, x, c0 + j);
                    FloatVector xHigh = FloatVector.fromArray(F, x, c0 + 16 + j);
                    xSum = xSum.add(xLow).add(xHigh);
                    IntVector b0 = int4Pairs(data, a0 + 2 + j);
                    IntVector b1 = int4Pairs(data, a1 + 2 + j);
                    acc0 = highQ(b0).fma(xHigh, lowU(b0).fma(xLow, acc0));
                    acc1 = highQ(b1).fma(xHigh, lowU(b1).fma(xLow, acc1));
                }
                float d0 = BlockLayouts.scale(data, a0);
                float d1 = BlockLayouts.scale(data, a1);
                FloatVector dv0 = FloatVector.broadcast(F, d0);
                total0 = acc0.fma(dv0, total0);
                FloatVector dv1 = FloatVector.broadcast(F, d1);
                total1 = acc1.fma(dv1, total1);
                off0 = xSum.fma(dv0, off0);
                off1 = xSum.fma(dv1, off1);
            }
            y[r1] = sum(total1) - 8f * sum(off1);
            y[r] = sum(total0) - 8f * sum(off0);
        }
    }

    /** The high nibbles of sign-extended bytes as unsigned codes (0 to 15), as floats: a shift and an AND. */
    private static FloatVector highQ(IntVector pairs) {
        return (FloatVector) pairs.lanewise(VectorOperators.ASHR, 4).and(0x0F).convert(VectorOperators.I2F, 0);
    }

    /** L bytes from {@code offset}, each widened to an int (sign-extended): two codes per lane. */
    private static IntVector int4Pairs(byte[] blocks, int offset) {
        return (IntVector) ByteVector.fromArray(B, blocks, offset).convertShape(VectorOperators.B2I, I, 0);
    }

    /** The low nibbles (code + 8, 0 to 15) as floats: one AND. */
    private static FloatVector lowU(IntVector pairs) {
        return (FloatVector) pairs.and(0x0F).convert(VectorOperators.I2F, 0);
    }

    /** Row {@code r}, or the last row of the range where a block of four runs past it. */
    private static int row(int r, int to) {
        return Math.min(r, to - 1);
    }
}
