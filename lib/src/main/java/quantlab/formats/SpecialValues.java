package quantlab.formats;

/**
 * How a float format spends its top codes on infinity and NaN. The choice costs or buys range: E4M3FN gives up
 * infinity so that its top exponent still holds numbers, which lifts its largest value from 240 to 448.
 */
public enum SpecialValues {
    /** IEEE 754 style: an all-ones exponent field means infinity (fraction 0) or NaN (any other fraction). */
    IEEE,
    /**
     * No infinity, one NaN per sign: only the code with every exponent and mantissa bit set is NaN (the "FN" in
     * E4M3FN, "finite, NaN"); all other codes with the top exponent are ordinary numbers.
     */
    FINITE_AND_NAN;

    /** True when the format has an infinity to overflow to. */
    public boolean hasInfinity() {
        return this == IEEE;
    }
}
