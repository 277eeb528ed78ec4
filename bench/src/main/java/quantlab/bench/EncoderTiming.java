package quantlab.bench;

import java.util.List;

import quantlab.model.Embedder;
import quantlab.model.MiniLm;
import quantlab.model.MiniLmTokenizer;
import quantlab.model.ParaphraseSets;
import quantlab.model.Tokens;
import quantlab.transformer.MiniLmEncoder;

/**
 * Times the Java forward pass ({@link MiniLmEncoder}) on the 208 evaluation sentences against ONNX Runtime on the
 * same sentences, cold and warm, and prints the ratio. Run without the Vector API flag, as notebooks run:
 * {@code java -cp bench/target/classes:$(cat bench/target/runtime-classpath.txt) quantlab.bench.EncoderTiming}.
 * Other work on the machine shows in the times; the load average is printed with them.
 */
public final class EncoderTiming {

    private EncoderTiming() {
    }

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long t0 = System.nanoTime();
        MiniLmEncoder encoder = MiniLmEncoder.load();
        double load = (System.nanoTime() - t0) / 1e9;
        List<String> texts = ParaphraseSets.load().texts();
        try (MiniLmTokenizer tokenizer = MiniLm.FP32.tokenizer(); Embedder ort = MiniLm.FP32.embedder()) {
            List<Tokens> tokens = tokenizer.encode(texts);
            int count = tokens.stream().mapToInt(Tokens::length).sum();
            System.out.printf("%d sentences, %d tokens; encoder loaded in %.2f s; %d cores; load average %.1f%n",
                    texts.size(), count, load, Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            double javaBest = Double.MAX_VALUE;
            double ortBest = Double.MAX_VALUE;
            for (int pass = 0; pass < passes; pass++) {
                long s = System.nanoTime();
                encoder.embed(tokens);
                double java = (System.nanoTime() - s) / 1e9;
                s = System.nanoTime();
                ort.embed(texts);
                double onnx = (System.nanoTime() - s) / 1e9;
                System.out.printf("pass %d: Java %.2f s, ONNX Runtime %.2f s%n", pass, java, onnx);
                javaBest = Math.min(javaBest, java);
                ortBest = Math.min(ortBest, onnx);
            }
            System.out.printf("best: Java %.2f s, ONNX Runtime %.2f s, Java / ONNX Runtime = %.2f%n", javaBest,
                    ortBest, javaBest / ortBest);
        }
    }
}
