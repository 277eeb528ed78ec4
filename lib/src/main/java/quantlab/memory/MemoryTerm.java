package quantlab.memory;

/**
 * One line of a memory budget, such as "weights" or "runtime overhead", so a fit check can say where the bytes go.
 *
 * @param name what the memory is for
 * @param size how much, never negative
 */
public record MemoryTerm(String name, ByteSize size) {

    public MemoryTerm {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (size == null) {
            throw new IllegalArgumentException("size of '" + name + "' must not be null");
        }
        if (size.isNegative()) {
            throw new IllegalArgumentException("size of '" + name + "' must not be negative, got " + size.bytes() + " bytes");
        }
    }

    @Override
    public String toString() {
        return name + ": " + size;
    }
}
