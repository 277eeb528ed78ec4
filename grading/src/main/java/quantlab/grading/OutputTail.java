package quantlab.grading;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a child's output on a thread of its own, keeping only the last bytes and a count of all of them, so a
 * child that prints 100 MB never blocks on a full pipe and never fills the grader's memory or disk.
 */
final class OutputTail {

    private final byte[] ring;
    private long total;
    private final Thread thread;

    private OutputTail(InputStream in, int keep) {
        ring = new byte[keep];
        thread = new Thread(() -> pump(in), "grading-output-drain");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts draining {@code in}, keeping its last {@code keep} bytes. */
    static OutputTail drain(InputStream in, int keep) {
        return new OutputTail(in, keep);
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        ring[(int) (total++ % ring.length)] = buffer[i];
                    }
                }
            }
        } catch (IOException e) {
            // The child is gone; what was read so far is kept.
        }
    }

    /** Waits up to {@code millis} for the stream to end (it does once the child and its descendants exit). */
    void await(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many bytes the child wrote in all. */
    synchronized long total() {
        return total;
    }

    /** The kept tail as text. */
    synchronized String text() {
        int size = (int) Math.min(total, ring.length);
        byte[] tail = new byte[size];
        for (int i = 0; i < size; i++) {
            tail[i] = ring[(int) ((total - size + i) % ring.length)];
        }
        return new String(tail, StandardCharsets.UTF_8);
    }
}
