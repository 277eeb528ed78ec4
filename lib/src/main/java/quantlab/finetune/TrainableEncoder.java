package quantlab.finetune;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import quantlab.lora.BaseWeight;
import quantlab.lora.Fp32Base;
import quantlab.lora.LoraLinear;
import quantlab.lora.Parameter;
import quantlab.model.MiniLmMatrix;
import quantlab.model.Tokens;
import quantlab.nf4.Nf4Base;
import quantlab.transformer.Gelu;

/**
 * The MiniLM encoder with a classifier on its sentence embedding, and the backward pass that training needs:
 * the same forward pass as {@code quantlab.transformer.MiniLmEncoder} (embeddings, six blocks of attention and
 * GELU MLP with post-LayerNorms, mean pooling, unit length) followed by a linear head and softmax cross-entropy,
 * then gradients back through every trained part. What is trained comes from a {@link FineTunePlan}.
 *
 * <p>Blocks below the trained ones are frozen for every method, so {@link #frozenPart} computes them once per
 * example and {@link #train} starts from that cached hidden state. Instances are not thread-safe (gradients
 * accumulate in the parameters).
 */
public final class TrainableEncoder {

    private final EncoderWeights weights;
    private final FineTunePlan plan;
    private final int classes;
    private final int hidden;
    private final int heads;
    private final int headSize;
    private final int firstTrained;
    private final List<BlockLayers> blocks = new ArrayList<>();
    private final Parameter headWeight; // [hidden][classes]
    private final Parameter headBias;   // [classes]
    private final long baseBytes;

    /** One block's layers and LayerNorm parameters (trained only in full fine-tuning). */
    private record BlockLayers(Map<MiniLmMatrix.Kind, LoraLinear> linear, Parameter g1, Parameter b1, Parameter g2,
                               Parameter b2, boolean normsTrained) {
    }

    /** Builds the model of {@code plan} over {@code weights}, with a head for {@code classes} classes. */
    public TrainableEncoder(EncoderWeights weights, FineTunePlan plan, int classes, long seed) {
        if (weights == null || plan == null) {
            throw new IllegalArgumentException("weights and plan must not be null, got " + weights + ", " + plan);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        int layers = weights.blocks().size();
        if (plan.trainedBlocks() > layers) {
            throw new IllegalArgumentException("trainedBlocks must be at most the model's " + layers + " blocks, got "
                    + plan.trainedBlocks());
        }
        this.weights = weights;
        this.plan = plan;
        this.classes = classes;
        this.hidden = weights.hidden();
        this.heads = weights.heads();
        this.headSize = hidden / heads;
        this.firstTrained = layers - plan.trainedBlocks();
        SplittableRandom random = new SplittableRandom(seed);
        long stored = 0;
        for (int layer = 0; layer < layers; layer++) {
            EncoderWeights.Block w = weights.blocks().get(layer);
            boolean trained = layer >= firstTrained;
            Map<MiniLmMatrix.Kind, LoraLinear> linear = new EnumMap<>(MiniLmMatrix.Kind.class);
            for (MiniLmMatrix.Kind kind : MiniLmMatrix.Kind.values()) {
                int in = weights.inputs(kind);
                int out = weights.outputs(kind);
                String name = "L" + layer + " " + kind.label();
                BaseWeight base = plan.nf4Base() ? Nf4Base.of(w.weights().get(kind), out, in)
                        : Fp32Base.fromOutIn(w.weights().get(kind), out, in);
                stored += base.storedBytes();
                float[] bias = w.biases().get(kind);
                LoraLinear l;
                if (trained && plan.method() == FineTunePlan.Method.FULL) {
                    l = LoraLinear.trainable(name, base, bias);
                } else if (trained && plan.method() == FineTunePlan.Method.LORA && plan.targets().contains(kind)) {
                    l = LoraLinear.adapted(name, base, bias, plan.rank(), plan.alpha(), random.nextLong());
                } else {
                    l = LoraLinear.frozen(name, base, bias);
                }
                linear.put(kind, l);
            }
            String p = "L" + layer + " ";
            blocks.add(new BlockLayers(linear, new Parameter(p + "attention LN gamma", 1, hidden, w.attentionGamma().clone()),
                    new Parameter(p + "attention LN beta", 1, hidden, w.attentionBeta().clone()),
                    new Parameter(p + "output LN gamma", 1, hidden, w.outputGamma().clone()),
                    new Parameter(p + "output LN beta", 1, hidden, w.outputBeta().clone()),
                    trained && plan.method() == FineTunePlan.Method.FULL));
        }
        baseBytes = stored;
        float[] hw = new float[hidden * classes];
        double bound = 1 / Math.sqrt(hidden);
        for (int i = 0; i < hw.length; i++) {
            hw[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        headWeight = new Parameter("head weight", hidden, classes, hw);
        headBias = new Parameter("head bias", 1, classes, new float[classes]);
    }

    public FineTunePlan plan() {
        return plan;
    }

    public int classes() {
        return classes;
    }

    /** Every parameter the optimizer updates: the head, plus adapters or the trained blocks' weights. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (BlockLayers b : blocks) {
            for (LoraLinear l : b.linear().values()) {
                out.addAll(l.parameters());
            }
            if (b.normsTrained()) {
                out.addAll(List.of(b.g1(), b.b1(), b.g2(), b.b2()));
            }
        }
        out.add(headWeight);
        out.add(headBias);
        return out;
    }

    /** The classifier head's weight and bias. */
    public List<Parameter> headParameters() {
        return List.of(headWeight, headBias);
    }

    /** Number of trainable values. */
    public long trainableParameters() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Bytes the 36 encoder matrices take as stored (fp32, or NF4 codes with double-quantized scales). */
    public long baseMatrixBytes() {
        return baseBytes;
    }

    /** The layers of block {@code layer}, e.g. to merge an adapter. */
    public Map<MiniLmMatrix.Kind, LoraLinear> layers(int layer) {
        return blocks.get(layer).linear();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Forward
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The hidden state entering the first trained block (after the last block for the head alone): the frozen
     * part of the forward pass, which training computes once per example.
     */
    public float[][] frozenPart(Tokens tokens) {
        return frozenPart(tokens, firstTrained);
    }

    /**
     * The hidden state entering block {@code upTo} (at most the first trained one), so one cache can serve plans
     * that train different numbers of top blocks: {@link #probabilities} and {@link #train} then run the frozen
     * blocks between {@code upTo} and the first trained one at every call.
     */
    public float[][] frozenPart(Tokens tokens, int upTo) {
        if (upTo < 0 || upTo > firstTrained) {
            throw new IllegalArgumentException("upTo must be in [0, " + firstTrained + "], got " + upTo);
        }
        float[][] x = embeddings(tokens);
        for (int layer = 0; layer < upTo; layer++) {
            x = blockForward(layer, x, null);
        }
        return x;
    }

    /** Index of the first trained block (the number of blocks for the head alone). */
    public int firstTrainedBlock() {
        return firstTrained;
    }

    private int cacheStart = -1;

    /** Declares which block the cached hidden states handed to {@link #train} and {@link #probabilities} enter. */
    public void cacheStartsAt(int block) {
        if (block < 0 || block > firstTrained) {
            throw new IllegalArgumentException("block must be in [0, " + firstTrained + "], got " + block);
        }
        cacheStart = block;
    }

    /** Class probabilities for an example whose frozen part is {@code cached}. */
    public double[] probabilities(float[][] cached) {
        Trace trace = forward(cached);
        return softmax(trace.logits);
    }

    /** The predicted class. */
    public int predict(float[][] cached) {
        double[] p = probabilities(cached);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Everything the backward pass of one example reads. */
    private static final class Trace {
        final List<BlockTrace> blocks = new ArrayList<>();
        float[][] top;
        double[] mean;
        double norm;
        float[] embedding;
        double[] logits;
    }

    private static final class BlockTrace {
        float[][] x0, q, k, v, context, x1, up, gelu;
        float[][][] probs; // [head][t][s]
        Norm n1, n2;
    }

    /** A LayerNorm's normalized rows and inverse standard deviations, for its backward pass. */
    private record Norm(float[][] xhat, double[] inverseStd) {
    }

    private Trace forward(float[][] cached) {
        Trace trace = new Trace();
        float[][] x = copy(cached);
        for (int layer = cacheStart < 0 ? firstTrained : cacheStart; layer < firstTrained; layer++) {
            x = blockForward(layer, x, null);
        }
        for (int layer = firstTrained; layer < blocks.size(); layer++) {
            BlockTrace bt = new BlockTrace();
            x = blockForward(layer, x, bt);
            trace.blocks.add(bt);
        }
        trace.top = x;
        int n = x.length;
        double[] mean = new double[hidden];
        for (float[] row : x) {
            for (int d = 0; d < hidden; d++) {
                mean[d] += row[d];
            }
        }
        double norm = 0;
        for (int d = 0; d < hidden; d++) {
            mean[d] /= n;
            norm += mean[d] * mean[d];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] e = new float[hidden];
        for (int d = 0; d < hidden; d++) {
            e[d] = (float) (mean[d] / norm);
        }
        double[] logits = new double[classes];
        float[] hw = headWeight.value();
        for (int c = 0; c < classes; c++) {
            logits[c] = headBias.value()[c];
        }
        for (int d = 0; d < hidden; d++) {
            for (int c = 0; c < classes; c++) {
                logits[c] += e[d] * hw[d * classes + c];
            }
        }
        trace.mean = mean;
        trace.norm = norm;
        trace.embedding = e;
        trace.logits = logits;
        return trace;
    }

    private float[][] blockForward(int layer, float[][] x0, BlockTrace bt) {
        BlockLayers b = blocks.get(layer);
        float[][] q = b.linear().get(MiniLmMatrix.Kind.QUERY).forward(x0);
        float[][] k = b.linear().get(MiniLmMatrix.Kind.KEY).forward(x0);
        float[][] v = b.linear().get(MiniLmMatrix.Kind.VALUE).forward(x0);
        float[][][] probs = new float[heads][][];
        float[][] context = attention(q, k, v, probs);
        float[][] attended = b.linear().get(MiniLmMatrix.Kind.ATTENTION_OUTPUT).forward(context);
        add(attended, x0);
        Norm n1 = layerNorm(attended, b.g1().value(), b.b1().value());
        float[][] x1 = attended;
        float[][] up = b.linear().get(MiniLmMatrix.Kind.FFN_UP).forward(x1);
        float[][] g = new float[up.length][up[0].length];
        for (int t = 0; t < up.length; t++) {
            for (int i = 0; i < up[t].length; i++) {
                g[t][i] = Float.isNaN(up[t][i]) ? Float.NaN : Gelu.gelu(up[t][i]); // NaN goes on to the loss check
            }
        }
        float[][] down = b.linear().get(MiniLmMatrix.Kind.FFN_DOWN).forward(g);
        add(down, x1);
        Norm n2 = layerNorm(down, b.g2().value(), b.b2().value());
        if (bt != null) {
            bt.x0 = x0;
            bt.q = q;
            bt.k = k;
            bt.v = v;
            bt.probs = probs;
            bt.context = context;
            bt.n1 = n1;
            bt.x1 = copy(x1);
            bt.up = up;
            bt.gelu = g;
            bt.n2 = n2;
        }
        return down;
    }

    private float[][] attention(float[][] q, float[][] k, float[][] v, float[][][] probs) {
        int n = q.length;
        float scale = (float) Math.sqrt(headSize);
        float[][] out = new float[n][hidden];
        for (int h = 0; h < heads; h++) {
            int from = h * headSize;
            float[][] p = new float[n][n];
            for (int t = 0; t < n; t++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int s = 0; s < n; s++) {
                    float dot = 0;
                    for (int d = from; d < from + headSize; d++) {
                        dot += q[t][d] * k[s][d];
                    }
                    p[t][s] = dot / scale;
                    max = Math.max(max, p[t][s]);
                }
                double sum = 0;
                for (int s = 0; s < n; s++) {
                    p[t][s] = (float) Math.exp(p[t][s] - max);
                    sum += p[t][s];
                }
                for (int s = 0; s < n; s++) {
                    p[t][s] = (float) (p[t][s] / sum);
                    float ps = p[t][s];
                    for (int d = from; d < from + headSize; d++) {
                        out[t][d] += ps * v[s][d];
                    }
                }
            }
            probs[h] = p;
        }
        return out;
    }

    private float[][] embeddings(Tokens tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens must not be null, got null");
        }
        long[] ids = tokens.ids();
        if (ids.length == 0 || ids.length > weights.position().length) {
            throw new IllegalArgumentException("tokens must hold 1 to " + weights.position().length + " tokens, got "
                    + ids.length);
        }
        float[][] x = new float[ids.length][hidden];
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= weights.word().length) {
                throw new IllegalArgumentException("ids[" + t + "] must be in [0, " + weights.word().length + "), got "
                        + ids[t]);
            }
            float[] w = weights.word()[(int) ids[t]];
            float[] type = weights.tokenType()[(int) tokens.typeIds()[t]];
            float[] pos = weights.position()[t];
            for (int d = 0; d < hidden; d++) {
                x[t][d] = w[d] + type[d] + pos[d];
            }
        }
        layerNorm(x, weights.embeddingGamma(), weights.embeddingBeta());
        return x;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Backward
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Runs one example forward and backward: adds {@code weight} times the gradient of its cross-entropy loss to
     * every trainable parameter and returns the loss (natural log).
     */
    public double train(float[][] cached, int label, double weight) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label must be in [0, " + classes + "), got " + label);
        }
        Trace trace = forward(cached);
        double[] p = softmax(trace.logits);
        double loss = -Math.log(Math.max(p[label], Double.MIN_NORMAL));
        float[] dLogits = new float[classes];
        for (int c = 0; c < classes; c++) {
            dLogits[c] = (float) (weight * (p[c] - (c == label ? 1 : 0)));
        }
        float[] hw = headWeight.value();
        float[] ghw = headWeight.grad();
        float[] de = new float[hidden];
        for (int d = 0; d < hidden; d++) {
            double s = 0;
            for (int c = 0; c < classes; c++) {
                ghw[d * classes + c] += trace.embedding[d] * dLogits[c];
                s += hw[d * classes + c] * dLogits[c];
            }
            de[d] = (float) s;
        }
        for (int c = 0; c < classes; c++) {
            headBias.grad()[c] += dLogits[c];
        }
        if (trace.blocks.isEmpty()) {
            return loss;
        }
        // e = m / |m|: dm = (de - e (e . de)) / |m|; m is the mean over tokens.
        double dot = 0;
        for (int d = 0; d < hidden; d++) {
            dot += trace.embedding[d] * de[d];
        }
        int n = trace.top.length;
        float[] dTokenRow = new float[hidden];
        for (int d = 0; d < hidden; d++) {
            dTokenRow[d] = (float) ((de[d] - trace.embedding[d] * dot) / trace.norm / n);
        }
        float[][] dx = new float[n][];
        for (int t = 0; t < n; t++) {
            dx[t] = dTokenRow.clone();
        }
        for (int i = trace.blocks.size() - 1; i >= 0; i--) {
            dx = blockBackward(firstTrained + i, trace.blocks.get(i), dx, i > 0);
        }
        return loss;
    }

    private float[][] blockBackward(int layer, BlockTrace bt, float[][] dOut, boolean needInput) {
        BlockLayers b = blocks.get(layer);
        // Output LayerNorm over (down + x1).
        float[][] dr2 = layerNormBackward(bt.n2, dOut, b.g2(), b.b2(), b.normsTrained());
        float[][] dGelu = b.linear().get(MiniLmMatrix.Kind.FFN_DOWN).backward(bt.gelu, dr2);
        float[][] dUp = new float[dGelu.length][dGelu[0].length];
        for (int t = 0; t < dUp.length; t++) {
            for (int i = 0; i < dUp[t].length; i++) {
                dUp[t][i] = Float.isNaN(bt.up[t][i]) ? Float.NaN
                        : (float) (dGelu[t][i] * geluDerivative(bt.up[t][i]));
            }
        }
        float[][] dx1 = b.linear().get(MiniLmMatrix.Kind.FFN_UP).backward(bt.x1, dUp);
        add(dx1, dr2); // residual
        // Attention LayerNorm over (attended + x0).
        float[][] dr1 = layerNormBackward(bt.n1, dx1, b.g1(), b.b1(), b.normsTrained());
        float[][] dContext = b.linear().get(MiniLmMatrix.Kind.ATTENTION_OUTPUT).backward(bt.context, dr1);
        float[][][] dqkv = attentionBackward(bt, dContext);
        float[][] dx0 = copy(dr1); // residual
        add(dx0, b.linear().get(MiniLmMatrix.Kind.QUERY).backward(bt.x0, dqkv[0]));
        add(dx0, b.linear().get(MiniLmMatrix.Kind.KEY).backward(bt.x0, dqkv[1]));
        add(dx0, b.linear().get(MiniLmMatrix.Kind.VALUE).backward(bt.x0, dqkv[2]));
        return needInput ? dx0 : null;
    }

    /**
     * Per head: O = P V with P = softmax(Q K^T / sqrt d). dV = P^T dO, dP = dO V^T,
     * dS = P * (dP - rowsum(dP * P)), dQ = dS K / sqrt d, dK = dS^T Q / sqrt d.
     */
    private float[][][] attentionBackward(BlockTrace bt, float[][] dOut) {
        int n = dOut.length;
        float[][] dq = new float[n][hidden];
        float[][] dk = new float[n][hidden];
        float[][] dv = new float[n][hidden];
        float scale = (float) Math.sqrt(headSize);
        for (int h = 0; h < heads; h++) {
            int from = h * headSize;
            float[][] p = bt.probs[h];
            for (int t = 0; t < n; t++) {
                float[] dp = new float[n];
                double rowsum = 0;
                for (int s = 0; s < n; s++) {
                    float pts = p[t][s];
                    float dot = 0;
                    for (int d = from; d < from + headSize; d++) {
                        dv[s][d] += pts * dOut[t][d];
                        dot += dOut[t][d] * bt.v[s][d];
                    }
                    dp[s] = dot;
                    rowsum += dot * pts;
                }
                for (int s = 0; s < n; s++) {
                    float ds = (float) (p[t][s] * (dp[s] - rowsum)) / scale;
                    if (ds == 0f) {
                        continue;
                    }
                    for (int d = from; d < from + headSize; d++) {
                        dq[t][d] += ds * bt.k[s][d];
                        dk[s][d] += ds * bt.q[t][d];
                    }
                }
            }
        }
        return new float[][][] {dq, dk, dv};
    }

    private static Norm layerNorm(float[][] x, float[] gamma, float[] beta) {
        float[][] xhat = new float[x.length][];
        double[] inv = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            float[] row = x[t];
            int n = row.length;
            double mean = 0;
            for (float v : row) {
                mean += v;
            }
            mean /= n;
            double var = 0;
            for (float v : row) {
                var += (v - mean) * (v - mean);
            }
            var /= n;
            inv[t] = 1.0 / Math.sqrt(var + 1e-12);
            xhat[t] = new float[n];
            for (int i = 0; i < n; i++) {
                xhat[t][i] = (float) ((row[i] - mean) * inv[t]);
                row[i] = xhat[t][i] * gamma[i] + beta[i];
            }
        }
        return new Norm(xhat, inv);
    }

    /** dx = inv (dxhat - mean(dxhat) - xhat mean(dxhat xhat)), dxhat = dy gamma. */
    private static float[][] layerNormBackward(Norm norm, float[][] dy, Parameter gamma, Parameter beta,
                                               boolean trained) {
        float[] g = gamma.value();
        float[][] dx = new float[dy.length][];
        for (int t = 0; t < dy.length; t++) {
            int n = dy[t].length;
            float[] xh = norm.xhat()[t];
            double meanD = 0;
            double meanDx = 0;
            float[] dxhat = new float[n];
            for (int i = 0; i < n; i++) {
                dxhat[i] = dy[t][i] * g[i];
                meanD += dxhat[i];
                meanDx += dxhat[i] * xh[i];
                if (trained) {
                    gamma.grad()[i] += dy[t][i] * xh[i];
                    beta.grad()[i] += dy[t][i];
                }
            }
            meanD /= n;
            meanDx /= n;
            dx[t] = new float[n];
            for (int i = 0; i < n; i++) {
                dx[t][i] = (float) (norm.inverseStd()[t] * (dxhat[i] - meanD - xh[i] * meanDx));
            }
        }
        return dx;
    }

    /** d/dx of x Phi(x): Phi(x) + x phi(x). */
    static double geluDerivative(float x) {
        double cdf = 0.5 * (1 + Gelu.erf(x / Math.sqrt(2)));
        double pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
        return cdf + x * pdf;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static void add(float[][] a, float[][] b) {
        for (int t = 0; t < a.length; t++) {
            for (int d = 0; d < a[t].length; d++) {
                a[t][d] += b[t][d];
            }
        }
    }

    private static float[][] copy(float[][] x) {
        float[][] c = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            c[t] = x[t].clone();
        }
        return c;
    }
}
