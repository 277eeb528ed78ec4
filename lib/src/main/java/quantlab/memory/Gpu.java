package quantlab.memory;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A GPU as the fit check sees it: a name, the memory the driver reports, the figure it is sold with, and where
 * the reported figure comes from. Spec sheets print "80 GB", but the memory is binary: {@code nvidia-smi} shows an
 * A100 80GB with 81,920 MiB, exactly 80 GiB (85.9 decimal GB), so reading the label as 80 x 10^9 bytes undercounts
 * the card by 5.9 GB. The presets carry the reported capacity; {@link #marketed()} keeps the label for comparison.
 * What a runtime can allocate is still lower: the CUDA context and the framework's allocator take part of it, so
 * real plans keep headroom on top.
 *
 * @param name       a display name
 * @param capacity   the memory the card reports, for the presets as {@code nvidia-smi} prints it
 * @param marketedGB the figure the card is sold with ("80 GB"), in the label's own unit
 * @param source     where {@code capacity} comes from
 */
public record Gpu(String name, ByteSize capacity, double marketedGB, String source) {

    /** Bytes in one MiB, the unit {@code nvidia-smi} prints memory in. */
    public static final long BYTES_PER_MIB = 1L << 20;

    private static final String MODAL_2797 = "nvidia-smi totals listed in modal-labs/modal-client pull request #2797"
            + " (github.com/modal-labs/modal-client/pull/2797)";

    /** NVIDIA GeForce RTX 4090, sold as 24 GB: nvidia-smi reports 24,564 MiB. */
    public static final Gpu RTX_4090 = ofMiB("NVIDIA RTX 4090", 24_564, 24,
            "nvidia-smi in RLinf/RLinf issue #255 (github.com/RLinf/RLinf/issues/255): 24564MiB");
    /** NVIDIA L4, sold as 24 GB: nvidia-smi reports 23,034 MiB. */
    public static final Gpu L4 = ofMiB("NVIDIA L4", 23_034, 24, MODAL_2797 + ": 23034MiB");
    /** NVIDIA A100 40GB: nvidia-smi reports 40,960 MiB, exactly 40 GiB. */
    public static final Gpu A100_40GB = ofMiB("NVIDIA A100 40GB", 40_960, 40, MODAL_2797 + ": 40960MiB");
    /** NVIDIA L40S, sold as 48 GB: nvidia-smi reports 46,068 MiB. */
    public static final Gpu L40S = ofMiB("NVIDIA L40S", 46_068, 48, MODAL_2797 + ": 46068MiB");
    /** NVIDIA A100 80GB: nvidia-smi reports 81,920 MiB, exactly 80 GiB. */
    public static final Gpu A100_80GB = ofMiB("NVIDIA A100 80GB", 81_920, 80, MODAL_2797 + ": 81920MiB");
    /** NVIDIA H100 80GB HBM3 (SXM): nvidia-smi reports 81,559 MiB. */
    public static final Gpu H100_80GB = ofMiB("NVIDIA H100 80GB", 81_559, 80, MODAL_2797
            + ": 81559MiB; also NVIDIA/nccl issue #1264 (github.com/NVIDIA/nccl/issues/1264), H100 80GB HBM3 SXM");
    /** NVIDIA H200, sold as 141 GB: nvidia-smi reports 143,771 MiB. */
    public static final Gpu H200 = ofMiB("NVIDIA H200", 143_771, 141,
            "nvidia-smi of an 8 x H200 SXM node, driver 570.158.01, public transcript: 143771MiB per card"
                    + " (no vendor page prints MiB; NVIDIA's sheet says 141 GB)");

    public Gpu {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        Objects.requireNonNull(capacity, "capacity");
        if (capacity.bytes() <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity.bytes() + " bytes");
        }
        if (!(marketedGB > 0) || Double.isInfinite(marketedGB)) {
            throw new IllegalArgumentException("marketedGB must be a positive finite number, got " + marketedGB);
        }
        Objects.requireNonNull(source, "source");
    }

    /** A card of your own: the label is taken to be the capacity in decimal GB. */
    public Gpu(String name, ByteSize capacity) {
        this(name, capacity, capacity.gb(), "given");
    }

    /** A GPU with {@code gb} decimal GB, for example {@code Gpu.ofGB("any 80 GB card", 80)}. */
    public static Gpu ofGB(String name, double gb) {
        return new Gpu(name, ByteSize.ofGB(gb));
    }

    /** A GPU with {@code mib} MiB as {@code nvidia-smi} reports it, sold as {@code marketedGB}. */
    public static Gpu ofMiB(String name, long mib, double marketedGB, String source) {
        if (mib <= 0) {
            throw new IllegalArgumentException("mib must be positive, got " + mib);
        }
        return new Gpu(name, ByteSize.ofBytes(Math.multiplyExact(mib, BYTES_PER_MIB)), marketedGB, source);
    }

    /** The presets, smallest first. */
    public static List<Gpu> presets() {
        return List.of(L4, RTX_4090, A100_40GB, L40S, H100_80GB, A100_80GB, H200);
    }

    /** The capacity in MiB, as {@code nvidia-smi} prints it. */
    public double capacityMiB() {
        return capacity.bytes() / (double) BYTES_PER_MIB;
    }

    /** The label read as decimal GB, the loose reading of "80 GB" that treats it as 80 x 10^9 bytes. */
    public ByteSize marketed() {
        return ByteSize.ofGB(marketedGB);
    }

    /** What the loose reading misses: reported capacity less the label taken as decimal GB (can be negative). */
    public ByteSize labelError() {
        return capacity.minus(marketed());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%,.0f MiB = %s)", name, capacityMiB(), capacity);
    }
}
