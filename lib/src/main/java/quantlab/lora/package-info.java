/**
 * Chapter 11's low-rank adapters: parameter counts for real decoder configs and target sets, and
 * {@link quantlab.lora.LoraLinear}, {@code y = x W + (alpha/r) x A B} on a frozen base, with its backward pass and
 * merge/unmerge.
 */
package quantlab.lora;
