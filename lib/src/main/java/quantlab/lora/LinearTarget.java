package quantlab.lora;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The seven linear layers of a Llama-style decoder block, by the names peft's {@code target_modules} uses, so a
 * LoRA plan can say "q,v" or "all linear" as a typed set rather than as strings matched here and there.
 */
public enum LinearTarget {
    Q("q_proj"), K("k_proj"), V("v_proj"), O("o_proj"), GATE("gate_proj"), UP("up_proj"), DOWN("down_proj");

    private final String moduleName;

    LinearTarget(String moduleName) {
        this.moduleName = moduleName;
    }

    /** The module name, e.g. {@code q_proj}. */
    public String moduleName() {
        return moduleName;
    }

    /** The original LoRA paper's choice: the query and value projections. */
    public static Set<LinearTarget> queryValue() {
        return EnumSet.of(Q, V);
    }

    /** Every linear layer of the block (QLoRA's recommendation). */
    public static Set<LinearTarget> allLinear() {
        return EnumSet.allOf(LinearTarget.class);
    }

    /** The target a module name names ({@code "q_proj"} or {@code "q"}); unknown names are refused with the list. */
    public static LinearTarget of(String name) {
        for (LinearTarget t : values()) {
            if (t.moduleName.equals(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("target must be one of " + Arrays.stream(values())
                .map(LinearTarget::moduleName).toList() + ", got " + (name == null ? "null" : "'" + name + "'"));
    }
}
