package quantlab.memory;

import java.util.List;
import java.util.Objects;

/**
 * A GPU as the fit check sees it: a name and a memory capacity. The presets use the spec sheet's figure read as
 * decimal GB, as the course's examples do. What a runtime can actually allocate is lower: the driver, the CUDA
 * context and the framework's allocator reserve part of it, so real plans keep headroom on top.
 *
 * @param name     a display name
 * @param capacity the memory the card is sold with
 */
public record Gpu(String name, ByteSize capacity) {

    /** NVIDIA GeForce RTX 4090, 24 GB GDDR6X. */
    public static final Gpu RTX_4090 = ofGB("NVIDIA RTX 4090", 24);
    /** NVIDIA L4, 24 GB GDDR6. */
    public static final Gpu L4 = ofGB("NVIDIA L4", 24);
    /** NVIDIA A100 40GB. */
    public static final Gpu A100_40GB = ofGB("NVIDIA A100 40GB", 40);
    /** NVIDIA L40S, 48 GB GDDR6. */
    public static final Gpu L40S = ofGB("NVIDIA L40S", 48);
    /** NVIDIA A100 80GB. */
    public static final Gpu A100_80GB = ofGB("NVIDIA A100 80GB", 80);
    /** NVIDIA H100 80GB (SXM or PCIe). */
    public static final Gpu H100_80GB = ofGB("NVIDIA H100 80GB", 80);
    /** NVIDIA H200, 141 GB HBM3e. */
    public static final Gpu H200 = ofGB("NVIDIA H200", 141);

    public Gpu {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        Objects.requireNonNull(capacity, "capacity");
        if (capacity.bytes() <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity.bytes() + " bytes");
        }
    }

    /** A GPU with {@code gb} decimal GB, for example {@code Gpu.ofGB("any 80 GB card", 80)}. */
    public static Gpu ofGB(String name, double gb) {
        return new Gpu(name, ByteSize.ofGB(gb));
    }

    /** The presets, smallest first. */
    public static List<Gpu> presets() {
        return List.of(RTX_4090, L4, A100_40GB, L40S, A100_80GB, H100_80GB, H200);
    }

    @Override
    public String toString() {
        return name + " (" + capacity + ")";
    }
}
