package quantlab.kvcache;

import java.util.List;
import java.util.Locale;
import quantlab.formats.FloatFormat;
import quantlab.formats.IntFormat;
import quantlab.formats.StorageFormat;

/**
 * How one cached key or value vector is stored: the bits of each element plus any scales (and zero points) that
 * a quantized cache keeps beside the codes. The scale overhead is counted, so int8 and int4 caches cost what they
 * really cost, not bits / 16 of fp16.
 *
 * @param label         a short name for tables, such as {@code int8/head}
 * @param bits          bits per stored element
 * @param groupSize     elements that share one scale; 0 means one scale per head vector (all {@code headDim}
 *                      elements of one head's key or value for one token); ignored when no scale is stored
 * @param scaleBits     bits stored per group for the scale (0 for plain floating-point caches)
 * @param zeroPointBits bits stored per group for the zero point (0 for symmetric schemes)
 */
public record KvFormat(String label, int bits, int groupSize, int scaleBits, int zeroPointBits) {

    /** Half precision, the default cache of most runtimes. */
    public static final KvFormat FP16 = plain(FloatFormat.FP16);
    /** bfloat16: same 2 bytes as fp16. */
    public static final KvFormat BF16 = plain(FloatFormat.BF16);
    /** fp8 (E4M3) with one scale per tensor, which is a handful of bytes and counted as none. */
    public static final KvFormat FP8 = plain(FloatFormat.FP8_E4M3FN);
    /** int8 codes with one fp16 scale per head vector (per token, per head, for K and for V). */
    public static final KvFormat INT8_PER_HEAD = new KvFormat("int8/head", IntFormat.INT8.bits(), 0, 16, 0);
    /** int4 codes in groups of 32 elements, each group with an fp16 scale and an fp16 zero point. */
    public static final KvFormat INT4_G32 = new KvFormat("int4/g32", IntFormat.INT4.bits(), 32, 16, 16);

    public KvFormat {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label must not be blank, got " + (label == null ? "null" : "'" + label + "'"));
        }
        if (bits <= 0 || bits > 32) {
            throw new IllegalArgumentException("bits must be in 1..32, got " + bits);
        }
        if (groupSize < 0) {
            throw new IllegalArgumentException("groupSize must be 0 (per head vector) or positive, got " + groupSize);
        }
        if (scaleBits < 0) {
            throw new IllegalArgumentException("scaleBits must not be negative, got " + scaleBits);
        }
        if (zeroPointBits < 0) {
            throw new IllegalArgumentException("zeroPointBits must not be negative, got " + zeroPointBits);
        }
    }

    private static KvFormat plain(StorageFormat format) {
        return new KvFormat(format.name(), format.bits(), 0, 0, 0);
    }

    /** The five formats chapter 8 compares: fp16, bf16, fp8, int8 per head, int4 in groups of 32. */
    public static List<KvFormat> presets() {
        return List.of(FP16, BF16, FP8, INT8_PER_HEAD, INT4_G32);
    }

    /** Scale groups in one head vector of {@code headDim} elements: 0 when the format stores no scales. */
    public long groupsPerHeadVector(int headDim) {
        checkHeadDim(headDim);
        if (scaleBits + zeroPointBits == 0) {
            return 0;
        }
        return groupSize == 0 ? 1 : Math.ceilDiv(headDim, groupSize);
    }

    /** Exact bits of one head's key (or value) for one token: codes plus scale and zero-point bits. */
    public long bitsPerHeadVector(int headDim) {
        checkHeadDim(headDim);
        return (long) headDim * bits + groupsPerHeadVector(headDim) * (scaleBits + zeroPointBits);
    }

    /** Bytes of one head vector, the bits rounded up to whole bytes. */
    public long bytesPerHeadVector(int headDim) {
        return Math.ceilDiv(bitsPerHeadVector(headDim), 8L);
    }

    /** Of those bytes, the share that is scales and zero points, not codes (0 for fp16). */
    public double overheadFraction(int headDim) {
        long total = bitsPerHeadVector(headDim);
        return (total - (long) headDim * bits) / (double) total;
    }

    private static void checkHeadDim(int headDim) {
        if (headDim <= 0) {
            throw new IllegalArgumentException("headDim must be positive, got " + headDim);
        }
    }

    @Override
    public String toString() {
        if (scaleBits + zeroPointBits == 0) {
            return label;
        }
        return String.format(Locale.ROOT, "%s (%d-bit codes, %s, %d-bit scale%s)", label, bits,
                groupSize == 0 ? "one scale per head vector" : "groups of " + groupSize, scaleBits,
                zeroPointBits == 0 ? "" : " + " + zeroPointBits + "-bit zero point");
    }
}
