package quantlab.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of worker threads that splits a range of rows into one contiguous chunk per thread: the way a decode
 * loop uses every core for one product without creating a task, a future or a lambda per product. The threads are
 * started once; between products they spin for a few microseconds and then park. The calling thread works the first
 * chunk itself, so a pool of {@code threads} has {@code threads - 1} workers and a pool of one runs everything on
 * the caller.
 *
 * <p>One product at a time: a second caller while one runs gets an {@link IllegalStateException}. The workers are
 * daemon threads; {@link #close()} stops them.
 */
public final class KernelThreads implements AutoCloseable {

    /** One chunk of a range, run by one thread. */
    @FunctionalInterface
    public interface RangeTask {
        /**
         * Works on items {@code from} (inclusive) to {@code to} (exclusive).
         *
         * @param worker the thread's index, 0 (the caller) to threads - 1: an index into per-thread scratch space
         */
        void run(int worker, int from, int to);
    }

    /** Busy-wait rounds before a waiting thread parks: a few microseconds, enough for back-to-back products. */
    private static final int SPINS = 1 << 12;

    private final int threads;
    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile RuntimeException failure;
    // Written by the caller before the volatile write of generation, read by the workers after reading it.
    private RangeTask task;
    private int count;
    private int align;

    private KernelThreads(int threads) {
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int index = i + 1;
            Thread t = new Thread(() -> work(index), "quantlab-kernel-" + index);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /**
     * A pool that uses {@code threads} threads: the caller plus {@code threads - 1} started workers.
     *
     * @throws IllegalArgumentException if threads is less than 1
     */
    public static KernelThreads of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new KernelThreads(threads);
    }

    /** The threads one {@link #run} uses, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Splits items 0 to count - 1 into {@link #threads()} contiguous chunks whose bounds are multiples of
     * {@code align} (the last chunk ends at count), runs {@code task} on each, one thread per chunk, and returns when
     * all are done. Chunk i is always given to thread i, so a split depends only on count, align and threads.
     *
     * @throws IllegalArgumentException if count is negative, align less than 1 or task null
     * @throws IllegalStateException    if the pool is closed or another thread is running it
     */
    public void run(int count, int align, RangeTask task) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0, got " + count);
        }
        if (align < 1) {
            throw new IllegalArgumentException("align must be at least 1, got " + align);
        }
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
        if (closed) {
            throw new IllegalStateException("this pool of " + threads + " threads is closed");
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("this pool is running another product: use one pool per calling thread");
        }
        try {
            if (workers.length == 0) {
                task.run(0, 0, count);
                return;
            }
            this.task = task;
            this.count = count;
            this.align = align;
            failure = null;
            caller = Thread.currentThread();
            pending.set(workers.length);
            generation++;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            RuntimeException mine = null;
            try {
                runChunk(0);
            } catch (RuntimeException e) {
                mine = e;
            }
            int spins = 0;
            while (pending.get() != 0) {
                if (spins++ < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            this.task = null;
            RuntimeException theirs = failure;
            if (mine != null) {
                throw mine;
            }
            if (theirs != null) {
                throw theirs;
            }
        } finally {
            busy.set(false);
        }
    }

    /** The first item of chunk i: i / threads of the aligned units, in units of align. */
    static int chunkStart(int i, int count, int align, int threads) {
        long units = (count + (long) align - 1) / align;
        long start = units * i / threads * align;
        return (int) Math.min(start, count);
    }

    private void runChunk(int i) {
        int from = chunkStart(i, count, align, threads);
        int to = chunkStart(i + 1, count, align, threads);
        if (from < to) {
            task.run(i, from, to);
        }
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen) {
                if (closed) {
                    return;
                }
                if (spins++ < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            try {
                runChunk(index);
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                failure = new IllegalStateException("worker " + index + " failed", e);
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the workers; a later {@link #run} fails. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }

    @Override
    public String toString() {
        return "KernelThreads[" + threads + " threads" + (closed ? ", closed" : "") + "]";
    }
}
