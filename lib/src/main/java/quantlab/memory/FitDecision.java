package quantlab.memory;

import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The five ways out of {@link FitRemedy}, each with the figure of chapter 1 that decides it for one model on one
 * card: how many cards the 16-bit weights need, how large a 16-bit model the card takes, what int8 and int4
 * leave free, and how much memory remains for the traffic the product asks for.
 *
 * @param model   the model that does not fit
 * @param gpu     the card it has to run on
 * @param runtime runtime overhead charged to the quantized deployment (CUDA context, allocator, buffers)
 */
public record FitDecision(ModelPreset model, Gpu gpu, ByteSize runtime) {

    /** The group layout the int4 row uses: groups of 128 with an fp16 scale and an fp16 zero point. */
    public static final GroupOverhead INT4_GROUPS = GroupOverhead.fp16ScaleAndZeroPoint(128);

    public FitDecision {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(runtime, "runtime");
        if (runtime.isNegative()) {
            throw new IllegalArgumentException("runtime must not be negative, got " + runtime);
        }
    }

    /** Cards needed to hold the fp16 weights alone, rounded up: the least "add GPUs" can mean. */
    public long cardsForFp16Weights() {
        return Math.ceilDiv(model.weights(WeightFormat.FP16).bytes(), gpu.capacity().bytes());
    }

    /** The most parameters whose fp16 weights fit the card with nothing else on it. */
    public long largestFp16Parameters() {
        return gpu.capacity().bytes() / 2;
    }

    /** The int8 weights against the card. */
    public FitReport int8() {
        return MemoryBudget.named(model.name() + " in int8").weights(model.weights(WeightFormat.INT8)).against(gpu);
    }

    /** The int4 deployment: codes, group metadata, 16-bit parts and the runtime overhead, against the card. */
    public FitReport int4() {
        return model.quantizedWeights(WeightFormat.INT4, INT4_GROUPS).runtimeOverhead(runtime).against(gpu);
    }

    /** One row per way out: the option, the figure that decides it, and what that figure says. */
    public Table table() {
        StringColumn option = StringColumn.create("option");
        StringColumn figure = StringColumn.create("the figure");
        StringColumn says = StringColumn.create("what it says here");
        ByteSize fp16 = model.weights(WeightFormat.FP16);
        add(option, figure, says, FitRemedy.MORE_GPUS, "fp16 weights / card capacity, rounded up",
                String.format(Locale.ROOT, "%d cards for %.2f GB of weights at %.2f GB each, before any KV cache",
                        cardsForFp16Weights(), fp16.gb(), gpu.capacity().gb()));
        add(option, figure, says, FitRemedy.SMALLER_MODEL, "card capacity / 2 bytes",
                String.format(Locale.ROOT, "at most %.2f billion parameters in fp16, with nothing else loaded",
                        largestFp16Parameters() / 1e9));
        add(option, figure, says, FitRemedy.QUANTIZE, "int8 and int4 fit checks",
                String.format(Locale.ROOT, "int8 weights %.2f GB, %.2f GB left; int4 g128 with runtime %.2f GB,"
                        + " %.2f GB left", int8().total().gb(), int8().headroom().gb(), int4().total().gb(),
                        int4().headroom().gb()));
        add(option, figure, says, FitRemedy.DISTIL, "card capacity / 2 bytes",
                String.format(Locale.ROOT, "the student must stay under %.2f billion parameters; the bill is"
                        + " training, which no memory figure prices", largestFp16Parameters() / 1e9));
        add(option, figure, says, FitRemedy.CHANGE_REQUIREMENT, "headroom after int4",
                String.format(Locale.ROOT, "%.2f GB for the KV cache of every concurrent request: context"
                        + " length x users must fit in it (chapter 8)", int4().headroom().gb()));
        return Table.create(model.name() + " on " + gpu.name() + ": the figure behind each way out",
                option, figure, says);
    }

    private static void add(StringColumn option, StringColumn figure, StringColumn says, FitRemedy remedy,
            String what, String value) {
        option.append(remedy.label());
        figure.append(what);
        says.append(value);
    }
}
