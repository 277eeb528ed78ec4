package quantlab.nf4;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import quantlab.model.MiniLmMatrix;
import quantlab.transformer.MiniLmEncoder;

/**
 * NF4 against int4 and fp4 on the same blockwise absmax quantizer (blocks of 64): the root-mean-square error on
 * all of MiniLM's 36 matrices and on standard normal data, each divided by the data's own RMS so the two are
 * comparable.
 */
public final class FourBitErrors {

    /**
     * One measurement.
     *
     * @param data          what was quantized
     * @param grid          the 4-bit value set
     * @param relativeRmse  RMS error / RMS of the data
     */
    public record Row(String data, FourBitGrid grid, double relativeRmse) {
    }

    private FourBitErrors() {
    }

    /** RMS error of {@code grid} on {@code values} in blocks of {@code blockSize}, over the RMS of the values. */
    public static double relativeRmse(float[] values, FourBitGrid grid, int blockSize) {
        return relativeRmse(values, BlockQuantized.quantize(values, grid, blockSize).dequantize());
    }

    /** RMS of {@code values - back} over the RMS of {@code values}. */
    public static double relativeRmse(float[] values, float[] back) {
        if (values.length != back.length) {
            throw new IllegalArgumentException("back must have values' length " + values.length + ", got " + back.length);
        }
        double err = 0;
        double energy = 0;
        for (int i = 0; i < values.length; i++) {
            err += (values[i] - back[i]) * (double) (values[i] - back[i]);
            energy += values[i] * (double) values[i];
        }
        return Math.sqrt(err / energy);
    }

    /** The three grids on MiniLM's matrices (all 36 concatenated row by row) and on {@code normals} N(0,1) draws. */
    public static List<Row> compare(MiniLmEncoder encoder, int normals, long seed) {
        int total = 0;
        for (MiniLmMatrix m : MiniLmMatrix.all()) {
            total += m.inputs() * m.outputs();
        }
        float[] weights = new float[total];
        int at = 0;
        for (MiniLmMatrix m : MiniLmMatrix.all()) {
            float[] w = encoder.weight(m).data();
            System.arraycopy(w, 0, weights, at, w.length);
            at += w.length;
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] normal = new float[normals];
        for (int i = 0; i < normals; i++) {
            normal[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        List<Row> rows = new ArrayList<>();
        for (FourBitGrid g : FourBitGrid.values()) {
            rows.add(new Row("MiniLM's 36 matrices", g, relativeRmse(weights, g, BlockQuantized.QLORA_BLOCK)));
        }
        for (FourBitGrid g : FourBitGrid.values()) {
            rows.add(new Row(normals + " N(0,1) draws", g, relativeRmse(normal, g, BlockQuantized.QLORA_BLOCK)));
        }
        return rows;
    }
}
