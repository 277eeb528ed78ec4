/**
 * Chapter 10, PagedAttention: the KV cache kept in fixed-size blocks like virtual-memory pages. A
 * {@link quantlab.paged.BlockAllocator} hands out and reference-counts blocks, a {@link quantlab.paged.PagedKvCache}
 * keeps one block table per sequence (append, fork with copy-on-write, free), {@link quantlab.paged.PagedAttention}
 * attends over a block table, and {@link quantlab.paged.ServingSimulator} replays a request stream through three
 * memory policies to measure what each wastes.
 */
package quantlab.paged;
