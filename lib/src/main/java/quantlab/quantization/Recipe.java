package quantlab.quantization;

import java.util.Locale;

/**
 * One way of storing a weight matrix, as a value: code width, scheme, granularity and the method that chose the
 * codes. Its {@link #label()} is the course's one vocabulary for recipes ("int4 g128 symmetric", "GPTQ int3 g128
 * asymmetric"); notebooks compare recipes with {@code equals}, never their labels as strings.
 *
 * @param bits        code width, 2 to 8
 * @param scheme      symmetric or asymmetric
 * @param granularity which weights share a scale, in the [out, in] layout of {@link WeightMatrix}
 * @param method      how the codes were chosen
 */
public record Recipe(int bits, QuantScheme scheme, Granularity granularity, Method method) {

    /** How codes are chosen for a given format. */
    public enum Method {
        /** Round to nearest, chapter 4's baseline: each weight on its own. */
        RTN("RTN"),
        /** GPTQ (Frantar et al. 2022): column by column, each rounding error fed back to the columns not yet done. */
        GPTQ("GPTQ"),
        /** AWQ (Lin et al. 2023): salient input channels scaled up before rounding. */
        AWQ("AWQ"),
        /** AWQ's scales, then GPTQ's rounding. */
        AWQ_GPTQ("AWQ+GPTQ");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** "RTN", "GPTQ", "AWQ", "AWQ+GPTQ". */
        public String label() {
            return label;
        }
    }

    public Recipe {
        QuantScheme.checkBits(bits);
        Checks.notNull("scheme", scheme);
        Checks.notNull("granularity", granularity);
        Checks.notNull("method", method);
    }

    /** Round to nearest at this format. */
    public static Recipe rtn(int bits, QuantScheme scheme, Granularity granularity) {
        return new Recipe(bits, scheme, granularity, Method.RTN);
    }

    /** The same format, codes chosen by another method. */
    public Recipe with(Method other) {
        return new Recipe(bits, scheme, granularity, other);
    }

    /** The rounding path for this format (every method rounds with it once its scales are chosen). */
    public Quantizer quantizer() {
        return new Quantizer(bits, scheme, granularity);
    }

    /** The format without the method: "int4 g128 symmetric", "int8 per channel symmetric". */
    public String formatLabel() {
        return "int" + bits + " " + granularity.shortLabel() + " " + scheme.label();
    }

    /** "int4 g128 symmetric" for RTN, "GPTQ int4 g128 symmetric" otherwise. */
    public String label() {
        return method == Method.RTN ? formatLabel() : method.label() + " " + formatLabel();
    }

    /** The label as a file name: lowercase letters, digits and dashes, e.g. "gptq-int4-g128-symmetric". */
    public String fileName() {
        return label().toLowerCase(Locale.ROOT).replace("+", "-").replaceAll("[^a-z0-9]+", "-");
    }

    @Override
    public String toString() {
        return label();
    }
}
