package quantlab.memory;

import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The energy of one decode step at batch size 1, split into moving the weights and computing with them. Each
 * generated token reads every weight once from DRAM and spends one multiply and one add on it, so the step
 * costs weight bytes x (640 pJ / 4 bytes) for the reads and parameters x (multiply + add) for the arithmetic,
 * with the per-operation figures of {@link OperationEnergy}. Activations, the KV cache and on-chip traffic are
 * left out: the point is the ratio between the two big terms.
 *
 * <p>Arithmetic per weight: fp32 multiply + fp32 add (4.6 pJ); fp16 and bf16, fp16 multiply + fp16 add (1.5 pJ);
 * int8, an 8-bit multiply whose product is summed in a 32-bit accumulator (0.2 + 0.1 = 0.3 pJ). The table has no
 * 4-bit entries, so int4 is charged as int8, its codes widened to 8 bits before the multiply.
 *
 * @param model  the model
 * @param format the format its weights are stored and computed in
 */
public record DecodeEnergy(ModelPreset model, WeightFormat format) {

    /** DRAM energy per byte moved: 640 pJ per 32-bit word over 4 bytes, 160 pJ. */
    public static final double DRAM_PICOJOULES_PER_BYTE = OperationEnergy.DRAM_READ_32_BIT.picojoules() / 4;

    public DecodeEnergy {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(format, "format");
    }

    /** Energy of one multiply and one add in {@code format}, in picojoules. */
    public static double macPicojoules(WeightFormat format) {
        return switch (format) {
            case FP32 -> OperationEnergy.FP32_MULTIPLY.picojoules() + OperationEnergy.FP32_ADD.picojoules();
            case FP16, BF16 -> OperationEnergy.FP16_MULTIPLY.picojoules() + OperationEnergy.FP16_ADD.picojoules();
            case INT8, INT4 -> OperationEnergy.INT8_MULTIPLY.picojoules() + OperationEnergy.INT32_ADD.picojoules();
        };
    }

    /** Bytes read from DRAM in one step: the raw weight memory in this format. */
    public ByteSize bytesMoved() {
        return model.weights(format);
    }

    /** Joules spent reading the weights once. */
    public double movingJoules() {
        return bytesMoved().bytes() * DRAM_PICOJOULES_PER_BYTE * 1e-12;
    }

    /** Joules spent on one multiply-add per weight. */
    public double computingJoules() {
        return model.parameters() * macPicojoules(format) * 1e-12;
    }

    /** Both terms together. */
    public double totalJoules() {
        return movingJoules() + computingJoules();
    }

    /** How many times more energy the reads take than the arithmetic. */
    public double movingOverComputing() {
        return movingJoules() / computingJoules();
    }

    /** One row per model and format: bytes moved, joules moving, joules computing, their ratio. */
    public static Table table(List<ModelPreset> models, List<WeightFormat> formats) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models must not be empty, got " + models);
        }
        if (formats == null || formats.isEmpty()) {
            throw new IllegalArgumentException("formats must not be empty, got " + formats);
        }
        StringColumn model = StringColumn.create("model");
        StringColumn format = StringColumn.create("format");
        DoubleColumn gb = DoubleColumn.create("weights read (GB)");
        DoubleColumn moving = DoubleColumn.create("moving (J)");
        DoubleColumn computing = DoubleColumn.create("computing (J)");
        DoubleColumn ratio = DoubleColumn.create("moving / computing");
        for (ModelPreset m : models) {
            for (WeightFormat f : formats) {
                DecodeEnergy e = new DecodeEnergy(m, f);
                model.append(m.name());
                format.append(f.label());
                gb.append(e.bytesMoved().gb());
                moving.append(e.movingJoules());
                computing.append(e.computingJoules());
                ratio.append(e.movingOverComputing());
            }
        }
        gb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        moving.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        computing.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        ratio.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(0));
        return Table.create("Energy of one decode step at batch 1 (45 nm figures)", model, format, gb, moving,
                computing, ratio);
    }
}
