package quantlab.paged;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import quantlab.data.CourseData;

/**
 * The lengths of a request trace: mean prompt and output tokens as the vLLM paper reports them for ShareGPT and
 * Alpaca (data/serving-lengths.csv, cited there), drawn from a log-normal whose spread is the course's assumption.
 *
 * @param dataset    the trace's name
 * @param meanPrompt mean prompt tokens (published)
 * @param meanOutput mean output tokens (published)
 * @param sigmaPrompt spread of ln(prompt length) (assumed)
 * @param sigmaOutput spread of ln(output length) (assumed)
 * @param maxTokens  prompt + output never exceeds this (the model's context)
 */
public record LengthProfile(String dataset, double meanPrompt, double meanOutput, double sigmaPrompt,
                            double sigmaOutput, int maxTokens) {

    /** The data file, under the course's {@code data/}. */
    public static final String FILE = "serving-lengths.csv";

    public LengthProfile {
        if (!(meanPrompt >= 1) || !(meanOutput >= 1)) {
            throw new IllegalArgumentException("means must be at least 1 token, got prompt " + meanPrompt
                    + " and output " + meanOutput + " for " + dataset);
        }
        if (!(sigmaPrompt >= 0) || !(sigmaOutput >= 0)) {
            throw new IllegalArgumentException("sigmas must not be negative, got " + sigmaPrompt + " and "
                    + sigmaOutput + " for " + dataset);
        }
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be at least 2, got " + maxTokens);
        }
    }

    /** Every profile in the course's data file. */
    public static List<LengthProfile> load() {
        return read(CourseData.file(FILE));
    }

    /** The profile named {@code dataset} ("sharegpt", "alpaca") from the course's data file. */
    public static LengthProfile named(String dataset) {
        for (LengthProfile p : load()) {
            if (p.dataset().equalsIgnoreCase(dataset)) {
                return p;
            }
        }
        throw new IllegalArgumentException("dataset: no profile '" + dataset + "' in " + FILE);
    }

    /** Reads a file of this format: '#' comments, a header, then one row per dataset. */
    public static List<LengthProfile> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<LengthProfile> out = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                header = true;
                continue;
            }
            String[] c = line.split(",");
            if (c.length != 6) {
                throw new IllegalArgumentException("line " + (i + 1) + " of " + file + " must have 6 fields, got '"
                        + line + "'");
            }
            try {
                out.add(new LengthProfile(c[0], Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                        Double.parseDouble(c[3]), Double.parseDouble(c[4]), Integer.parseInt(c[5])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " of " + file + " has a field that is not a"
                        + " number: '" + line + "'", e);
            }
        }
        return out;
    }

    /**
     * {@code count} requests with Poisson arrivals of {@code perStep} requests per decode step on average, lengths
     * drawn log-normally around the published means, seeded so a trace replays identically.
     */
    public List<Request> trace(int count, double perStep, long seed) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        if (!(perStep > 0) || Double.isInfinite(perStep)) {
            throw new IllegalArgumentException("perStep must be positive, got " + perStep);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Request> out = new ArrayList<>();
        double time = 0;
        for (int id = 0; id < count; id++) {
            time += -Math.log(1 - random.nextDouble()) / perStep;
            int prompt = draw(random, meanPrompt, sigmaPrompt, maxTokens - 1);
            int output = draw(random, meanOutput, sigmaOutput, maxTokens - prompt);
            out.add(new Request(id, (long) Math.floor(time), prompt, output));
        }
        return out;
    }

    private static int draw(SplittableRandom random, double mean, double sigma, int max) {
        double mu = Math.log(mean) - sigma * sigma / 2; // so the log-normal's mean is the published mean
        double z = gaussian(random);
        long tokens = Math.round(Math.exp(mu + sigma * z));
        return (int) Math.max(1, Math.min(max, tokens));
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: mean prompt %.2f, mean output %.2f tokens (vLLM paper, Fig. 11)",
                dataset, meanPrompt, meanOutput);
    }
}
