package quantlab.paged;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Replays a request trace through one memory policy, one decode step at a time: arrivals join a first-come queue;
 * the head of the queue is admitted while its memory can be had (its prompt is cached at once); every running
 * sequence then generates one token; finished ones give their memory back. At each step the KV memory is split into
 * used, reserved, internal and external waste ({@link StepRecord}).
 */
public final class ServingSimulator {

    private ServingSimulator() {
    }

    private static final class Live {
        final Request request;
        int length;
        int start = -1;  // contiguous policies: the run's first slot
        int span;        // contiguous policies: the run's length
        int blocks;      // paged: blocks held
        final List<Integer> blockIds = new ArrayList<>();

        Live(Request request) {
            this.request = request;
            this.length = request.promptTokens();
        }
    }

    /**
     * @param trace      requests sorted by arrival
     * @param policy     how memory is set aside
     * @param capacity   KV memory in token slots
     * @param maxLength  the model's context: the reservation of {@link Policy#RESERVE_MAX}, and no request may be
     *                   longer
     * @param blockSize  tokens per block for {@link Policy#PAGED}
     */
    public static SimulationResult run(List<Request> trace, Policy policy, int capacity, int maxLength, int blockSize) {
        if (trace == null || trace.isEmpty()) {
            throw new IllegalArgumentException("trace must hold at least one request, got " + trace);
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        if (maxLength <= 0 || maxLength > capacity) {
            throw new IllegalArgumentException("maxLength must be in 1.." + capacity + " (the capacity), got " + maxLength);
        }
        if (blockSize <= 0 || blockSize > maxLength) {
            throw new IllegalArgumentException("blockSize must be in 1.." + maxLength + ", got " + blockSize);
        }
        for (Request r : trace) {
            if (r.finalLength() > maxLength) {
                throw new IllegalArgumentException("request " + r.id() + " needs " + r.finalLength()
                        + " tokens, longer than the model's context of " + maxLength);
            }
        }
        int bs = policy == Policy.PAGED ? blockSize : 1;
        ContiguousArena arena = new ContiguousArena(capacity);
        BlockAllocator blocks = new BlockAllocator(capacity / bs);
        Deque<Request> waiting = new ArrayDeque<>();
        List<Live> running = new ArrayList<>();
        List<StepRecord> steps = new ArrayList<>();
        int next = 0;
        int finished = 0;
        int preemptions = 0;
        for (long t = 0; finished < trace.size(); t++) {
            while (next < trace.size() && trace.get(next).arrival() <= t) {
                waiting.addLast(trace.get(next++));
            }
            if (running.isEmpty() && waiting.isEmpty()) {
                continue; // an idle gap in the trace: nothing to record
            }
            // admit from the head of the queue while memory allows
            while (!waiting.isEmpty()) {
                Live live = new Live(waiting.peekFirst());
                if (policy == Policy.PAGED) {
                    int need = BlockTable.blocksNeeded(live.length, bs);
                    if (blocks.freeBlocks() < need) {
                        break;
                    }
                    for (int i = 0; i < need; i++) {
                        live.blockIds.add(blocks.allocate());
                    }
                    live.blocks = need;
                } else {
                    live.span = policy == Policy.RESERVE_MAX ? maxLength : live.request.finalLength();
                    live.start = arena.allocate(live.span);
                    if (live.start < 0) {
                        break;
                    }
                }
                waiting.pollFirst();
                running.add(live);
            }
            // decode: one token each; a paged sequence that needs a block and finds none evicts the newest
            for (int i = 0; i < running.size(); i++) {
                Live live = running.get(i);
                if (policy == Policy.PAGED && live.length % bs == 0) {
                    while (!blocks.canAllocate() && running.size() > i) {
                        Live victim = running.remove(running.size() - 1);
                        releasePaged(victim, blocks);
                        waiting.addFirst(victim.request);
                        preemptions++;
                    }
                    if (running.size() <= i) {
                        break;
                    }
                    live.blockIds.add(blocks.allocate());
                    live.blocks++;
                }
                live.length++;
            }
            steps.add(record(t, policy, capacity, bs, running, waiting, arena, blocks, maxLength));
            for (int i = running.size() - 1; i >= 0; i--) {
                Live live = running.get(i);
                if (live.length == live.request.finalLength()) {
                    if (policy == Policy.PAGED) {
                        releasePaged(live, blocks);
                    } else {
                        arena.free(live.start, live.span);
                    }
                    running.remove(i);
                    finished++;
                }
            }
        }
        return new SimulationResult(policy, capacity, bs, steps, finished, preemptions);
    }

    private static void releasePaged(Live live, BlockAllocator blocks) {
        for (int b : live.blockIds) {
            blocks.release(b);
        }
        live.blockIds.clear();
        live.blocks = 0;
    }

    private static StepRecord record(long t, Policy policy, int capacity, int bs, List<Live> running,
                                     Deque<Request> waiting, ContiguousArena arena, BlockAllocator blocks, int maxLength) {
        long used = 0;
        long reserved = 0;
        long internal = 0;
        long external = 0;
        long allocated = 0;
        for (Live live : running) {
            used += live.length;
            if (policy == Policy.PAGED) {
                allocated += (long) live.blocks * bs;
                internal += (long) live.blocks * bs - live.length;
            } else {
                allocated += live.span;
                reserved += live.request.finalLength() - live.length;
                internal += live.span - live.request.finalLength();
            }
        }
        if (policy != Policy.PAGED && !waiting.isEmpty()) {
            int demand = policy == Policy.RESERVE_MAX ? maxLength : waiting.peekFirst().finalLength();
            external = arena.slotsInHolesShorterThan(demand);
        }
        long free = capacity - allocated;
        return new StepRecord(t, running.size(), waiting.size(), used, reserved, internal, external, free - external);
    }
}
