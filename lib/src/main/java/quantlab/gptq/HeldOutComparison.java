package quantlab.gptq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import quantlab.model.FloatTensor;
import quantlab.model.MiniLmMatrix;
import quantlab.quantization.QuantizedTensor;
import quantlab.quantization.Quantizer;
import quantlab.quantization.WeightMatrix;
import quantlab.transformer.LinearInputs;
import quantlab.transformer.MiniLmEncoder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * GPTQ against round to nearest, one matrix at a time, on inputs neither method saw: the layer objective
 * ||W X - Ŵ X||² ({@link LayerObjective}) on held-out activations of the fp32 model, for the same format.
 */
public final class HeldOutComparison {

    /**
     * One matrix.
     *
     * @param matrix which matrix
     * @param rtn    the objective with round-to-nearest codes
     * @param gptq   the objective with GPTQ's codes
     */
    public record Row(MiniLmMatrix matrix, double rtn, double gptq) {

        /** GPTQ / RTN: below 1 where GPTQ is better. */
        public double ratio() {
            return gptq / rtn;
        }
    }

    private HeldOutComparison() {
    }

    /**
     * Every matrix GPTQ quantized, in order.
     *
     * @param fp32      the model, for the original weights
     * @param heldOut   the fp32 model's inputs of every matrix on held-out text
     * @param quantizer the format both methods used
     * @param gptq      GPTQ's codes per matrix
     */
    public static List<Row> compare(MiniLmEncoder fp32, LinearInputs heldOut, Quantizer quantizer,
                                    Map<MiniLmMatrix, QuantizedTensor> gptq) {
        if (fp32 == null || heldOut == null || quantizer == null || gptq == null || gptq.isEmpty()) {
            throw new IllegalArgumentException("fp32, heldOut, quantizer and GPTQ's codes must be given, got " + fp32
                    + ", " + heldOut + ", " + quantizer + " and " + (gptq == null ? "null" : gptq.size() + " codes"));
        }
        // Matrices are independent: they run on all cores, and the rows come back in the codes' order.
        return new ArrayList<>(List.copyOf(gptq.entrySet()).parallelStream().map(e -> {
            FloatTensor w = fp32.weight(e.getKey());
            WeightMatrix weight = new WeightMatrix(w.rows(), w.cols(), w.data());
            FloatTensor x = heldOut.of(e.getKey());
            double rtn = LayerObjective.error(weight, weight.dequantized(quantizer.quantize(weight)), x.data(),
                    x.rows());
            double g = LayerObjective.error(weight, weight.dequantized(e.getValue()), x.data(), x.rows());
            return new Row(e.getKey(), rtn, g);
        }).toList());
    }

    /** One row per matrix: the two objectives and their ratio. */
    public static Table table(List<Row> rows, String title) {
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("rows must not be empty, got " + rows);
        }
        StringColumn layer = StringColumn.create("matrix");
        DoubleColumn rtn = DoubleColumn.create("RTN ||WX - ŴX||²");
        DoubleColumn gptq = DoubleColumn.create("GPTQ ||WX - ŴX||²");
        DoubleColumn ratio = DoubleColumn.create("GPTQ / RTN");
        for (Row r : rows) {
            layer.append(r.matrix().label());
            rtn.append(r.rtn());
            gptq.append(r.gptq());
            ratio.append(r.ratio());
        }
        rtn.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        gptq.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        ratio.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        return Table.create(title, layer, rtn, gptq, ratio);
    }
}
