package quantlab.quantization;

/**
 * Which values share one scale (and zero point): the whole tensor, one channel of a 2-D matrix, or a run of
 * {@code groupSize} consecutive weights. Finer sharing means smaller errors and more metadata to store.
 *
 * <p>Matrices follow the layout of a linear layer's weight: shape [rows, cols] = [output features, input
 * features], stored row-major. Axis 0 runs over rows, axis 1 over columns; groups run along the input axis, so
 * each group is {@code groupSize} neighbours inside one row.
 *
 * @param kind      tensor, channel or group
 * @param axis      for {@link Kind#PER_CHANNEL}: 0 gives one scale per row, 1 one scale per column; otherwise -1
 * @param groupSize for {@link Kind#PER_GROUP}: weights per group along a row, at least 1; otherwise 0
 */
public record Granularity(Kind kind, int axis, int groupSize) {

    /** The three ways of sharing a scale. */
    public enum Kind { PER_TENSOR, PER_CHANNEL, PER_GROUP }

    public Granularity {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        switch (kind) {
            case PER_TENSOR -> {
                if (axis != -1 || groupSize != 0) {
                    throw new IllegalArgumentException("per-tensor takes no axis or groupSize, got axis " + axis
                            + " and groupSize " + groupSize);
                }
            }
            case PER_CHANNEL -> {
                if (axis != 0 && axis != 1) {
                    throw new IllegalArgumentException("axis must be 0 (one scale per row) or 1 (one per column), got "
                            + axis);
                }
                if (groupSize != 0) {
                    throw new IllegalArgumentException("per-channel takes no groupSize, got groupSize " + groupSize);
                }
            }
            case PER_GROUP -> {
                if (groupSize < 1) {
                    throw new IllegalArgumentException("groupSize must be at least 1, got " + groupSize);
                }
                if (axis != 1) {
                    throw new IllegalArgumentException("axis of a group must be 1 (the input axis), got " + axis);
                }
            }
        }
    }

    /** One scale for everything. */
    public static Granularity perTensor() {
        return new Granularity(Kind.PER_TENSOR, -1, 0);
    }

    /** One scale per row (axis 0, an output channel of a weight matrix) or per column (axis 1). */
    public static Granularity perChannel(int axis) {
        return new Granularity(Kind.PER_CHANNEL, axis, 0);
    }

    /** One scale per row: per output channel, the usual per-channel choice for weights. */
    public static Granularity perRow() {
        return perChannel(0);
    }

    /** One scale per {@code groupSize} consecutive weights of a row, such as 32, 64 or 128. */
    public static Granularity perGroup(int groupSize) {
        return new Granularity(Kind.PER_GROUP, 1, groupSize);
    }

    /** How many scales a [rows, cols] matrix needs at this granularity. */
    public int scaleCount(int rows, int cols) {
        return switch (kind) {
            case PER_TENSOR -> 1;
            case PER_CHANNEL -> axis == 0 ? rows : cols;
            case PER_GROUP -> {
                checkDivides(cols);
                yield rows * (cols / groupSize);
            }
        };
    }

    /** The scale that the element at (row, col) of a [rows, cols] matrix uses. */
    public int scaleIndex(int row, int col, int cols) {
        return switch (kind) {
            case PER_TENSOR -> 0;
            case PER_CHANNEL -> axis == 0 ? row : col;
            case PER_GROUP -> row * (cols / groupSize) + col / groupSize;
        };
    }

    void checkDivides(int cols) {
        if (kind == Kind.PER_GROUP && cols % groupSize != 0) {
            throw new IllegalArgumentException("groupSize must divide the input axis of " + cols + " columns, got "
                    + groupSize);
        }
    }

    /** "per tensor", "per channel (axis 0)", "per group of 128". */
    public String label() {
        return switch (kind) {
            case PER_TENSOR -> "per tensor";
            case PER_CHANNEL -> axis == 0 ? "per channel (rows)" : "per channel (columns)";
            case PER_GROUP -> "per group of " + groupSize;
        };
    }

    /**
     * The course's one short name for this granularity, used in recipe labels, table columns and file names:
     * "per tensor", "per channel" (one scale per row, an output channel), "per column", "g128".
     */
    public String shortLabel() {
        return switch (kind) {
            case PER_TENSOR -> "per tensor";
            case PER_CHANNEL -> axis == 0 ? "per channel" : "per column";
            case PER_GROUP -> "g" + groupSize;
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
