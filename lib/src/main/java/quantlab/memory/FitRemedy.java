package quantlab.memory;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The five ways out when the weights are bigger than the GPU, each with what it costs. Every one of them is a
 * trade, which is why chapter 1 lists them before it picks quantization for the rest of the course.
 */
public enum FitRemedy {
    /** Spread the model over several cards. */
    MORE_GPUS("Add GPUs",
            "Shard the layers or the tensors over two or more cards (pipeline or tensor parallelism).",
            "More hardware per replica, traffic between the cards, and a harder serving setup to run."),
    /** Serve a model that fits as it is. */
    SMALLER_MODEL("Pick a smaller model",
            "Serve a model from a smaller size class that fits in 16-bit on the card you have.",
            "Often weaker answers on hard inputs; an eval has to show the drop is acceptable."),
    /** Store the same weights in fewer bits. */
    QUANTIZE("Quantize",
            "Keep the model but store its weights as 8-bit or 4-bit codes plus scales.",
            "Some accuracy lost to rounding, calibration and eval work, and metadata that adds memory back."),
    /** Train a small model to imitate the big one. */
    DISTIL("Distil",
            "Train a smaller student model on what the large teacher model outputs.",
            "A training project of its own: data, compute, engineering weeks and a fresh round of evals."),
    /** Relax what the product asks for. */
    CHANGE_REQUIREMENT("Change the requirement",
            "Agree with the product owners that less is enough: a smaller model, shorter context, fewer users.",
            "Negotiation instead of engineering; some feature or quality target is given up.");

    private final String label;
    private final String whatYouDo;
    private final String whatItCosts;

    FitRemedy(String label, String whatYouDo, String whatItCosts) {
        this.label = label;
        this.whatYouDo = whatYouDo;
        this.whatItCosts = whatItCosts;
    }

    /** A short name for the option. */
    public String label() {
        return label;
    }

    /** What the option changes. */
    public String whatYouDo() {
        return whatYouDo;
    }

    /** The price paid for it. */
    public String whatItCosts() {
        return whatItCosts;
    }

    /** All five options as a table with the columns option, what you do, what it costs. */
    public static Table table() {
        StringColumn option = StringColumn.create("option");
        StringColumn does = StringColumn.create("what you do");
        StringColumn costs = StringColumn.create("what it costs");
        for (FitRemedy remedy : values()) {
            option.append(remedy.label);
            does.append(remedy.whatYouDo);
            costs.append(remedy.whatItCosts);
        }
        return Table.create("When the weights do not fit", option, does, costs);
    }

    @Override
    public String toString() {
        return label;
    }
}
