package quantlab.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
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
    /** Columns of one int8 chunk: 4 L (32 with AVX2, 64 with AVX-512, 16 with 128-bit vectors). */
    static int int8Chunk() {
        return 4 * F.length();
    }

    /**
     * The lane layout of int8 codes: within each chunk of 4 L columns of a row, byte 4 i + k holds the code of column
     * k L + i (i = 0..L-1 the int lane, k = 0..3 the byte in it), stored with an offset of 128 (code + 128, 0 to 255:
     * the code's bits with the top one flipped). Loaded as L ints, byte k of every lane is then the run of L
     * consecutive codes k L.. k L + L - 1, and one operation gives it in place: an AND with 0xFF shifted 8 k bits
     * leaves (code + 128) x 2^(8 k), exact as an int and as a float, and a logical shift by 24 gives byte 3. No byte
     * shuffles, no sign extension. Columns after the last whole chunk keep their row-major place and their two's
     * complement code. Rows stay rows.
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
                        out[base + c + 4 * i + k] = (byte) (codes[base + c + k * lanes + i] ^ 0x80);
                    }
                }
            }
        }
        return out;
    }

    /**
     * What {@link #int8} needs of x, computed once per product: x with run k of every chunk multiplied by 2^(-8 k)
     * for k = 1 and 2 (the powers of two the AND leaves on bytes 1 and 2; exact, as long as |x| is at least 2^-110,
     * where x 2^-16 is still a normal float), into xs; and the return value 128 x the sum of x over the whole chunks,
     * summed in one fixed order, which the offset of the codes adds to every row's sum.
     */
    static float int8Prepare(float[] x, float[] xs) {
        int lanes = F.length();
        int chunk = 4 * lanes;
        int end = x.length - x.length % chunk;
        FloatVector sum = FloatVector.zero(F);
        for (int c = 0; c < end; c += chunk) {
            FloatVector x0 = FloatVector.fromArray(F, x, c);
            FloatVector x1 = FloatVector.fromArray(F, x, c + lanes);
            FloatVector x2 = FloatVector.fromArray(F, x, c + 2 * lanes);
            FloatVector x3 = FloatVector.fromArray(F, x, c + 3 * lanes);
            x0.intoArray(xs, c);
            x1.mul(0x1p-8f).intoArray(xs, c + lanes);
            x2.mul(0x1p-16f).intoArray(xs, c + 2 * lanes);
            x3.intoArray(xs, c + 3 * lanes);
            sum = sum.add(x0.add(x1).add(x2.add(x3)));
        }
        return 128f * sum(sum);
    }

    /**
     * int8 per-row y = W x over {@link #int8Lanes}, two rows at a time. Each step loads one chunk (4 L codes) of each
     * row as L ints and the four runs of L floats of xs ({@link #int8Prepare}); byte k of the ints is isolated with one
     * operation ({@code v & 0xFF << 8k}, or {@code v >>> 24} for k = 3), converted to float and multiplied-added with
     * run k, into two accumulators per row (k = 0, 2 and k = 1, 3) so that no accumulator waits on the fused
     * multiply-add before it. Run k of xs carries the factor 2^(-8 k) that cancels the byte's place, so each product is
     * (code + 128) x x exactly; since sum (code + 128) x = sum code x + 128 sum x, the prepared 128 sum x is taken off
     * each row once. One operation per 8 codes fewer than sign-extending by two shifts in place: {@code bin/bench},
     * 8192 x 8192 cold on one thread of an AVX2 EPYC, 5.27 to 6.61 ms in three runs against 7.15 ms for the shift
     * loop in a run between them (41 to 55 % of the read rate against 42 %).
     * The bytes are never widened with a shuffle: {@code convertShape(B2F)} of a byte vector is a cross-lane widen on
     * x86 (a shuffle, which fewer execution ports run than shifts), and on an AVX2 EPYC that loop ran at about 0.7
     * times the shift loop's rate in cache (see the class comment of {@link SimdInt8RowWeights}). Columns after the
     * last chunk go through a scalar loop on the row-major codes; each row's sum is multiplied by its scale once. A
     * block of two that runs past {@code to} computes the last row twice.
     */
    static void int8(byte[] lanes8, byte[] codes, float[] scales, int from, int to, int n, float[] xs, float offset,
            float[] x, float[] y) {
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
                FloatVector x0 = FloatVector.fromArray(F, xs, c);
                FloatVector x1 = FloatVector.fromArray(F, xs, c + lanes);
                FloatVector x2 = FloatVector.fromArray(F, xs, c + 2 * lanes);
                FloatVector x3 = FloatVector.fromArray(F, xs, c + 3 * lanes);
                even0 = masked(v0, 0xFF).fma(x0, even0);
                odd0 = masked(v0, 0xFF00).fma(x1, odd0);
                even0 = masked(v0, 0xFF0000).fma(x2, even0);
                odd0 = shifted(v0, 24).fma(x3, odd0);
                even1 = masked(v1, 0xFF).fma(x0, even1);
                odd1 = masked(v1, 0xFF00).fma(x1, odd1);
                even1 = masked(v1, 0xFF0000).fma(x2, even1);
                odd1 = shifted(v1, 24).fma(x3, odd1);
            }
            float s0 = sum(even0.add(odd0)) - offset;
            float s1 = sum(even1.add(odd1)) - offset;
            for (int c = end; c < n; c++) {
                s0 += codes[b0 + c] * x[c];
                s1 += codes[b1 + c] * x[c];
            }
            y[r1] = s1 * scales[r1];
            y[r] = s0 * scales[r];
        }
    }

    /** The bits of each int lane that {@code mask} keeps, as a float: exact, since they are one byte or nibble. */
    private static FloatVector masked(IntVector v, int mask) {
        return (FloatVector) v.lanewise(VectorOperators.AND, mask).convert(VectorOperators.I2F, 0);
    }

    /** Each int lane shifted right by {@code shift} with zeros coming in, as a float: the top byte or nibble. */
    private static FloatVector shifted(IntVector v, int shift) {
        return (FloatVector) v.lanewise(VectorOperators.LSHR, shift).convert(VectorOperators.I2F, 0);
    }

    /** The int4 loop's vectors, 256 bits whatever the machine: a chunk of 64 codes is 8 ints of 8 nibbles. */
    private static final VectorSpecies<Byte> I4_BYTES = ByteVector.SPECIES_256;
    private static final VectorSpecies<Float> I4_FLOATS = FloatVector.SPECIES_256;
    /** Codes per chunk of {@link #int4}: 32 bytes, 8 int lanes of 8 nibbles. */
    static final int I4_CHUNK = 64;
    /** Codes per half chunk: the low four nibbles of the 8 ints, or the high four; each half has one scale. */
    static final int I4_HALF = 32;

    /**
     * Whether {@link #int4} takes a group size: a power of two of at least 64, so that a chunk never straddles two
     * scales and the chunk's group is a shift away. Other multiples of 32 go through {@link #int4Halves}.
     */
    static boolean int4WholeChunks(int groupSize) {
        return groupSize >= I4_CHUNK && Integer.bitCount(groupSize) == 1;
    }

    /**
     * What the int4 loops need of x, computed once per product: xs, x with column c + 8 k + i of every chunk (k =
     * 0..7 the nibble, i the lane) multiplied by 2^(-4 (k mod 4)), the power of two that cancels the place the AND
     * leaves the nibble in (exact while |x| is at least 2^-114, where x 2^-12 is still a normal float); and sums, 8 x
     * the sum of x over each stretch of columns the loop gives one scale (a chunk of 64 for {@link #int4}, a half chunk
     * of 32 for {@link #int4Halves}), in one fixed order, for the offset of the codes. Columns after the last whole
     * chunk are left out of both (the loops' scalar tail reads x itself).
     */
    static void int4Prepare(float[] x, int groupSize, float[] xs, float[] sums) {
        int end = x.length - x.length % I4_CHUNK;
        int stretch = int4WholeChunks(groupSize) ? I4_CHUNK : I4_HALF;
        for (int c = 0; c < end; c += stretch) {
            FloatVector sum = FloatVector.zero(I4_FLOATS);
            for (int i = c; i < c + stretch; i += 8) {
                FloatVector v = FloatVector.fromArray(I4_FLOATS, x, i);
                v.mul(Float.intBitsToFloat((127 - 4 * ((i & 31) / 8)) << 23)).intoArray(xs, i);
                sum = sum.add(v);
            }
            sums[c / stretch] = 8f * sum(sum);
        }
    }

    /**
     * int4 per-group y = W x over the lane layout of {@link SimdInt4GroupWeights}, one row at a time, one chunk of 64
     * codes per step, for group sizes that {@link #int4WholeChunks} takes. One 32-byte load gives 8 ints, whose nibble
     * k holds code + 8 of column 8 k + i. The low four nibbles are isolated in place by one AND each ({@code v & 0xF <<
     * 4k}), the high four by the same ANDs on {@code v >>> 16}; each is converted to float, exact, and
     * multiplied-added with its run of xs, which {@link #int4Prepare} has multiplied by the power of two that cancels
     * the nibble's place, so each product is (code + 8) x x exactly. The chunk's sum is multiplied-added with its
     * group's scale into the row's total, and scale x 8 x (the chunk's sum of x) into the offset taken off at the end.
     * So per 8 codes: one AND, one conversion, one fused multiply-add, where the block loop before it widened bytes to
     * ints and spent an AND or a shift, a conversion and a multiply-add per 8 codes besides: {@code bin/bench}, 8192 x
     * 8192 g128 cold on one thread of an AVX2 EPYC, 6.33 to 7.67 ms in three runs against 10.00 ms for the block
     * loop in a run between them. One row at a time: two rows, or two chunks per step, passed C2's inlining node limit
     * (NodeCountInliningCutoff) and left the vectors as objects; one loop for both kinds of group size, choosing per
     * chunk, measured 10 to 15 % slower than this one; and reading x in column blocks that stay in L1 (tiles of 4 to
     * 16 rows by 1,024 to 4,096 columns) measured no faster (8192 x 8192 g128, cold, outside JMH). Columns after the
     * last whole chunk go through {@link #int4Tail}.
     */
    static void int4(byte[] lanes4, float[] scales, float[] xs, float[] sums, int from, int to, int n,
            int groupSize, float[] x, float[] y) {
        int groups = n / groupSize;
        int end = n - n % I4_CHUNK;
        int shift = Integer.numberOfTrailingZeros(groupSize);
        for (int r = from; r < to; r++) {
            int base = r * (n / 2);
            int scaleBase = r * groups;
            FloatVector total = FloatVector.zero(I4_FLOATS);
            float offset = 0f;
            for (int c = 0; c < end; c += I4_CHUNK) {
                IntVector v = ByteVector.fromArray(I4_BYTES, lanes4, base + (c >> 1)).reinterpretAsInts();
                IntVector h = v.lanewise(VectorOperators.LSHR, 16);
                FloatVector a = masked(v, 0xF).mul(FloatVector.fromArray(I4_FLOATS, xs, c));
                FloatVector b = masked(h, 0xF).mul(FloatVector.fromArray(I4_FLOATS, xs, c + 32));
                a = masked(v, 0xF0).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 8), a);
                b = masked(h, 0xF0).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 40), b);
                a = masked(v, 0xF00).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 16), a);
                b = masked(h, 0xF00).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 48), b);
                a = masked(v, 0xF000).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 24), a);
                b = masked(h, 0xF000).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 56), b);
                float scale = scales[scaleBase + (c >>> shift)];
                total = a.add(b).fma(FloatVector.broadcast(I4_FLOATS, scale), total);
                offset += scale * sums[c >>> 6];
            }
            y[r] = int4Tail(lanes4, scales, base, scaleBase + groups - 1, end, n, x, sum(total) - offset);
        }
    }

    /**
     * {@link #int4} for group sizes that are multiples of 32 but not powers of two of at least 64 (32, 96, 192...):
     * each half chunk is multiplied by the scale of its own group, found by a division, and the sums of x are per half
     * chunk. The eight multiply-adds are int4's, written out again rather than put in a helper: a Vector API helper
     * that C2 has compiled on its own can be too large to inline afterwards, and its vectors then become objects (see
     * {@link #int4a8}).
     */
    static void int4Halves(byte[] lanes4, float[] scales, float[] xs, float[] sums, int from, int to, int n,
            int groupSize, float[] x, float[] y) {
        int groups = n / groupSize;
        int end = n - n % I4_CHUNK;
        for (int r = from; r < to; r++) {
            int base = r * (n / 2);
            int scaleBase = r * groups;
            FloatVector low = FloatVector.zero(I4_FLOATS);
            FloatVector high = FloatVector.zero(I4_FLOATS);
            float offset = 0f;
            for (int c = 0; c < end; c += I4_CHUNK) {
                IntVector v = ByteVector.fromArray(I4_BYTES, lanes4, base + (c >> 1)).reinterpretAsInts();
                IntVector h = v.lanewise(VectorOperators.LSHR, 16);
                FloatVector a = masked(v, 0xF).mul(FloatVector.fromArray(I4_FLOATS, xs, c));
                FloatVector b = masked(h, 0xF).mul(FloatVector.fromArray(I4_FLOATS, xs, c + 32));
                a = masked(v, 0xF0).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 8), a);
                b = masked(h, 0xF0).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 40), b);
                a = masked(v, 0xF00).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 16), a);
                b = masked(h, 0xF00).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 48), b);
                a = masked(v, 0xF000).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 24), a);
                b = masked(h, 0xF000).fma(FloatVector.fromArray(I4_FLOATS, xs, c + 56), b);
                float s0 = scales[scaleBase + c / groupSize];
                float s1 = scales[scaleBase + (c + I4_HALF) / groupSize];
                low = a.fma(FloatVector.broadcast(I4_FLOATS, s0), low);
                high = b.fma(FloatVector.broadcast(I4_FLOATS, s1), high);
                offset += s0 * sums[c >>> 5] + s1 * sums[(c >>> 5) + 1];
            }
            y[r] = int4Tail(lanes4, scales, base, scaleBase + groups - 1, end, n, x, sum(low.add(high)) - offset);
        }
    }

    /**
     * A row's sum plus its columns from end to n in scalar arithmetic: at most a half chunk, all in the last group
     * (whose scale is at scaleIndex), the codes still in pairs at the row's byte base.
     */
    private static float int4Tail(byte[] lanes4, float[] scales, int base, int scaleIndex, int end, int n, float[] x,
            float sum) {
        if (end == n) {
            return sum;
        }
        float tail = 0f;
        for (int c = end; c < n; c++) {
            tail += Int4GroupWeights.code(lanes4, base, c) * x[c];
        }
        return sum + tail * scales[scaleIndex];
    }

    /** The W4A8 loop's vectors: 32 bytes read as 16 shorts, their products widened to 8 ints, then 8 floats. */
    private static final VectorSpecies<Byte> A8_BYTES = ByteVector.SPECIES_256;
    private static final VectorSpecies<Short> A8_SHORTS = ShortVector.SPECIES_256;
    private static final VectorSpecies<Float> A8_FLOATS = FloatVector.SPECIES_256;
    /** Short lanes of the W4A8 loop: one offset per lane per span. */
    static final int A8_LANES = 16;

    /**
     * Columns one 16-bit accumulator of {@link #int4a8} spans: 128, two chunks. Each lane then holds 8 products of a
     * code + 8 (0 to 15) and an activation code (-127 to 127), at most 15 240 in size, started from an offset of at
     * most 8 x 8 x 127 = 8 128: always within a short's 32 767.
     */
    static final int A8_SPAN = 128;

    /**
     * The offsets the accumulators of {@link #int4a8} start from: for span s and lane j, -8 x the sum of the
     * activation codes that lane meets in the span (columns 128 s + 16 k + j), so that summing (code + 8) x x_q
     * from there gives the sum of code x x_q exactly.
     */
    static void int4a8Offsets(short[] xq, short[] out) {
        int spans = xq.length / A8_SPAN;
        for (int s = 0; s < spans; s++) {
            // At most 8 codes of at most 127 in size per lane: the sum and -8 x it fit a short.
            ShortVector sum = ShortVector.zero(A8_SHORTS);
            for (int c = s * A8_SPAN; c < (s + 1) * A8_SPAN; c += A8_LANES) {
                sum = sum.add(ShortVector.fromArray(A8_SHORTS, xq, c));
            }
            sum.mul((short) -8).intoArray(out, s * A8_LANES);
        }
    }

    /**
     * {@link ActivationCodes#quantizeInto} eight floats at a time, bit for bit the same codes and scales: the same
     * float max, the same float product with the same multiplier, the same float addition of plus or minus 0.5 (its
     * sign taken from the product's sign bit, as {@code Math.copySign} takes it) and the same truncation. A group
     * whose max is not finite, or so small that its multiplier is not, goes through the scalar method (which
     * throws, or takes the double path). The group size must be a multiple of 8.
     */
    static void quantizeA8(float[] x, int groupSize, short[] codes, float[] scales) {
        int lanes = A8_FLOATS.length();
        for (int g = 0, start = 0; start < x.length; g++, start += groupSize) {
            int end = start + groupSize;
            FloatVector m = FloatVector.zero(A8_FLOATS);
            for (int i = start; i < end; i += lanes) {
                m = m.max(FloatVector.fromArray(A8_FLOATS, x, i).abs());
            }
            float max = m.reduceLanes(VectorOperators.MAX);
            float inverse = max == 0f ? 0f : (float) (ActivationCodes.MAX_CODE / (double) max);
            if (!Float.isFinite(max) || !Float.isFinite(inverse)) {
                ActivationCodes.quantizeGroup(x, start, end, codes, scales, g);
                continue;
            }
            scales[g] = (float) (max / (double) ActivationCodes.MAX_CODE);
            for (int i = start; i < end; i += lanes) {
                FloatVector v = FloatVector.fromArray(A8_FLOATS, x, i).mul(inverse);
                FloatVector half = (FloatVector) v.reinterpretAsInts().and(0x80000000).or(0x3F000000)
                        .reinterpretAsFloats();
                v.add(half).convert(VectorOperators.F2I, 0).convertShape(VectorOperators.I2S, A8_HALF_SHORTS, 0)
                        .reinterpretAsShorts().intoArray(codes, i);
            }
        }
    }

    /** Eight shorts: the codes of eight floats. */
    private static final VectorSpecies<Short> A8_HALF_SHORTS = ShortVector.SPECIES_128;

    /**
     * W4A8 y = W x over the lane layout of {@link SimdInt4GroupA8Weights}, one row at a time. Per span of 128 columns a
     * 16-lane short accumulator starts from the span's offsets; each chunk of 64 codes is one 32-byte load, whose four
     * nibbles per short ({@code & 0xF}, {@code >>> 4 & 0xF}, {@code >>> 8 & 0xF}, {@code >>> 12}) are multiplied by 16
     * activation codes each and added. At the span's end the accumulator is reread as 8 ints, whose two halves ({@code
     * (i << 16) >> 16} and {@code i >> 16}) add to 8 exact integer sums, converted to float and multiplied-added with
     * (weight scale x activation scale) of the group into the row's total, reduced once at the end. Two rows at a time,
     * as the other loops do, measured about half as fast (7.6 to 9.6 ms against 3.4 to 4.3 ms, 8192 x 8192 cold, JDK 25
     * on an AVX2 EPYC, outside JMH), and four rows of the int8 loop a ninth as fast: with that many Vector API calls in
     * one method C2 stops inlining at its node limit (NodeCountInliningCutoff in -XX:+PrintInlining) and the vectors
     * stay objects. So this loop reads one stream of weights; {@code bin/bench} prints what one stream per thread can
     * read beside four (on that EPYC 69 to 88 % of four in the runs of the session that wrote this).
     */
    static void int4a8(byte[] lanes4, float[] wScales, float[] xScales, short[] xq, short[] offsets, int from,
            int to, int n, int groupSize, float[] y) {
        int groups = n / groupSize;
        int perGroup = groupSize / A8_SPAN;
        int spans = n / A8_SPAN;
        int rowBytes = n / 2;
        for (int r = from; r < to; r++) {
            FloatVector total = FloatVector.zero(A8_FLOATS);
            int base = r * rowBytes;
            // One loop over the spans; with g128 a span is a group and no division is needed. A loop per group around
            // a loop per span measured 6.4 and 7.1 ms where one loop measured 4.4 to 6.2 ms in the runs beside it
            // (8192 x 8192, cold, outside JMH).
            for (int s = 0; s < spans; s++) {
                int c0 = s << 7;
                int k = perGroup == 1 ? s : s / perGroup;
                ShortVector acc = ShortVector.fromArray(A8_SHORTS, offsets, s * A8_LANES);
                ShortVector v = ByteVector.fromArray(A8_BYTES, lanes4, base + (c0 >> 1)).reinterpretAsShorts();
                acc = acc.add(v.and((short) 0xF).mul(ShortVector.fromArray(A8_SHORTS, xq, c0)));
                acc = acc.add(v.lanewise(VectorOperators.LSHR, 4).and((short) 0xF)
                        .mul(ShortVector.fromArray(A8_SHORTS, xq, c0 + 16)));
                acc = acc.add(v.lanewise(VectorOperators.LSHR, 8).and((short) 0xF)
                        .mul(ShortVector.fromArray(A8_SHORTS, xq, c0 + 32)));
                acc = acc.add(v.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(A8_SHORTS, xq, c0 + 48)));
                ShortVector u = ByteVector.fromArray(A8_BYTES, lanes4, base + (c0 >> 1) + 32).reinterpretAsShorts();
                acc = acc.add(u.and((short) 0xF).mul(ShortVector.fromArray(A8_SHORTS, xq, c0 + 64)));
                acc = acc.add(u.lanewise(VectorOperators.LSHR, 4).and((short) 0xF)
                        .mul(ShortVector.fromArray(A8_SHORTS, xq, c0 + 80)));
                acc = acc.add(u.lanewise(VectorOperators.LSHR, 8).and((short) 0xF)
                        .mul(ShortVector.fromArray(A8_SHORTS, xq, c0 + 96)));
                acc = acc.add(u.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(A8_SHORTS, xq, c0 + 112)));
                // The 16 shorts as 8 ints, whose two halves add to 8 exact integer sums; written here, not in a
                // helper: a helper C2 has already compiled on its own is "too large" to inline later, and then each
                // span's vectors become objects (4096 x 4096 after three other kernels had run in the JVM: 3.5 ms with
                // the helper, 1.0 to 1.4 ms without; 0.9 ms in a fresh JVM).
                IntVector halves = acc.reinterpretAsInts();
                FloatVector exact = (FloatVector) halves.lanewise(VectorOperators.LSHL, 16)
                        .lanewise(VectorOperators.ASHR, 16).add(halves.lanewise(VectorOperators.ASHR, 16))
                        .convert(VectorOperators.I2F, 0);
                total = exact.fma(FloatVector.broadcast(A8_FLOATS, wScales[r * groups + k] * xScales[k]), total);
            }
            y[r] = sum(total);
        }
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
     * u_{j+16} high, weight (u - 8) x d), two rows at a time, in the manner of {@link #int4}: a byte widened with its
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
