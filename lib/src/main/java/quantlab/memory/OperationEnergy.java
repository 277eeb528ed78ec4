package quantlab.memory;

/**
 * Energy per operation on a 45 nm chip at 0.9 V, from Mark Horowitz's ISSCC 2014 keynote paper "Computing's
 * energy problem (and what we can do about it)" (ISSCC Digest of Technical Papers, pp. 10-14,
 * doi:10.1109/ISSCC.2014.6757323). The 32-bit DRAM read of 640 pJ is the per-word figure Han et al. tabulate
 * from the same source ("Learning both weights and connections for efficient neural networks", NeurIPS 2015,
 * Fig. 1); Horowitz's own table gives 1.3-2.6 nJ per 64-bit DRAM access. The chips of today are smaller and
 * each figure is lower, but the gap between moving a word and computing with it is what the course uses.
 */
public enum OperationEnergy {
    /** An 8-bit integer addition: 0.03 pJ. */
    INT8_ADD("8-bit int add", 0.03),
    /** A 32-bit integer addition: 0.1 pJ. */
    INT32_ADD("32-bit int add", 0.1),
    /** An 8-bit integer multiplication: 0.2 pJ. */
    INT8_MULTIPLY("8-bit int multiply", 0.2),
    /** A 32-bit integer multiplication: 3.1 pJ. */
    INT32_MULTIPLY("32-bit int multiply", 3.1),
    /** A 16-bit floating-point addition: 0.4 pJ. */
    FP16_ADD("16-bit float add", 0.4),
    /** A 32-bit floating-point addition: 0.9 pJ. */
    FP32_ADD("32-bit float add", 0.9),
    /** A 16-bit floating-point multiplication: 1.1 pJ. */
    FP16_MULTIPLY("16-bit float multiply", 1.1),
    /** A 32-bit floating-point multiplication: 3.7 pJ. */
    FP32_MULTIPLY("32-bit float multiply", 3.7),
    /** Reading one 32-bit word from off-chip DRAM: 640 pJ. */
    DRAM_READ_32_BIT("32-bit DRAM read", 640);

    /** Where every figure above comes from, for captions and tables. */
    public static final String SOURCE = "Horowitz, ISSCC 2014, \"Computing's energy problem (and what we can do"
            + " about it)\", 45 nm; the 32-bit DRAM figure as tabulated by Han et al., NeurIPS 2015, Fig. 1";

    private final String label;
    private final double picojoules;

    OperationEnergy(String label, double picojoules) {
        this.label = label;
        this.picojoules = picojoules;
    }

    /** What the operation is, for example "32-bit DRAM read". */
    public String label() {
        return label;
    }

    /** Energy of one operation in picojoules. */
    public double picojoules() {
        return picojoules;
    }

    /** Energy of one operation in joules. */
    public double joules() {
        return picojoules * 1e-12;
    }
}
