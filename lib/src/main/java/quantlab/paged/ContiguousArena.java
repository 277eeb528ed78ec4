package quantlab.paged;

import java.util.Map;
import java.util.TreeMap;

/**
 * KV memory as one line of token slots handed out in contiguous runs, first fit, with neighbouring holes merged on
 * free: the allocator of systems before paging. Holes between live runs are what external fragmentation is.
 */
public final class ContiguousArena {

    private final int capacity;
    private final TreeMap<Integer, Integer> holes = new TreeMap<>(); // start -> length

    public ContiguousArena(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        holes.put(0, capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** The start of a run of {@code length} slots, or -1 when no hole is that long. */
    public int allocate(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive, got " + length);
        }
        for (Map.Entry<Integer, Integer> h : holes.entrySet()) {
            int start = h.getKey();
            int hole = h.getValue(); // read before removing: TreeMap may reuse the entry object for another key
            if (hole >= length) {
                holes.remove(start);
                if (hole > length) {
                    holes.put(start + length, hole - length);
                }
                return start;
            }
        }
        return -1;
    }

    /** Gives back the run at {@code start} of {@code length} slots, merging it with the holes beside it. */
    public void free(int start, int length) {
        int s = start;
        int l = length;
        Map.Entry<Integer, Integer> before = holes.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() > start) {
            throw new IllegalStateException("run at " + start + " overlaps the free hole at " + before.getKey());
        }
        if (before != null && before.getKey() + before.getValue() == start) {
            s = before.getKey();
            l += before.getValue();
            holes.remove(before.getKey());
        }
        Integer after = holes.get(start + length);
        if (after != null) {
            l += after;
            holes.remove(start + length);
        }
        holes.put(s, l);
    }

    /** Free slots in all holes. */
    public int freeSlots() {
        return holes.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The longest hole. */
    public int largestHole() {
        return holes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Free slots in holes shorter than {@code length}: free, but of no use to a request of that size. */
    public int slotsInHolesShorterThan(int length) {
        return holes.values().stream().filter(h -> h < length).mapToInt(Integer::intValue).sum();
    }
}
