/**
 * Chapter 8, the serving bill: how many bytes the key/value cache holds per token, per request and per batch
 * ({@link quantlab.kvcache.KvCacheSize}), in which storage format ({@link quantlab.kvcache.KvFormat}), for which
 * real model ({@link quantlab.kvcache.ModelConfig}, each preset with its published source), and how many requests
 * a GPU can then serve ({@link quantlab.kvcache.ServingPlanner}). It stands on chapter 1's {@code quantlab.memory}.
 */
package quantlab.kvcache;
