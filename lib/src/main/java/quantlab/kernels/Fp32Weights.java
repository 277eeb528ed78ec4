package quantlab.kernels;

/** fp32 weights, row-major: the baseline that reads 4 bytes per weight. */
public final class Fp32Weights implements GemvWeights {

    private final float[] values;
    private final int rows;
    private final int cols;

    private Fp32Weights(float[] values, int rows, int cols) {
        this.values = values;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Copies row-major values of a rows x cols matrix.
     *
     * @throws IllegalArgumentException if the length is not rows x cols
     */
    public static Fp32Weights of(float[] values, int rows, int cols) {
        GemvWeights.checkShape(rows, cols);
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("values length must be rows x cols = " + (long) rows * cols + ", got "
                    + values.length);
        }
        return new Fp32Weights(values.clone(), rows, cols);
    }

    /** The row-major values themselves, not a copy: for the SIMD kernel of this package, which only reads them. */
    float[] values() {
        return values;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** 4 x rows x cols. */
    @Override
    public long weightBytes() {
        return bytesFor(rows, cols);
    }

    /** The bytes an fp32 rows x cols matrix takes: 4 x rows x cols. */
    public static long bytesFor(int rows, int cols) {
        GemvWeights.checkShape(rows, cols);
        return 4L * rows * cols;
    }

    @Override
    public String label() {
        return "fp32";
    }

    @Override
    public void multiplyRows(float[] x, float[] y, int fromRow, int toRow) {
        GemvWeights.checkRows(this, x, y, fromRow, toRow);
        float[] w = values;
        int n = cols;
        int tail = n & ~3;
        for (int r = fromRow; r < toRow; r++) {
            int base = r * n;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int c = 0;
            for (; c < tail; c += 4) {
                s0 += w[base + c] * x[c];
                s1 += w[base + c + 1] * x[c + 1];
                s2 += w[base + c + 2] * x[c + 2];
                s3 += w[base + c + 3] * x[c + 3];
            }
            for (; c < n; c++) {
                s0 += w[base + c] * x[c];
            }
            y[r] = (s0 + s1) + (s2 + s3);
        }
    }

    @Override
    public String toString() {
        return "Fp32Weights[" + rows + " x " + cols + "]";
    }
}
