/**
 * Chapter 1: how much memory a model's weights take, and whether a deployment fits on a GPU.
 *
 * <p>Every size is a {@link quantlab.memory.ByteSize}, which always shows decimal GB (10^9 bytes, the unit of
 * spec sheets and of the course's tables) next to binary GiB (2^30 bytes, the unit most GPU tools print).
 * Start with {@link quantlab.memory.ModelPreset#weights(WeightFormat)}, then put the terms of a deployment in a
 * {@link quantlab.memory.MemoryBudget} and check it {@link quantlab.memory.MemoryBudget#against(Gpu) against} a
 * {@link quantlab.memory.Gpu}.
 */
package quantlab.memory;
