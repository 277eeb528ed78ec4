package quantlab.grading.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that passes on its first {@code limit} bytes, then one notice, and drops the rest cheaply, so
 * graded code that prints megabytes costs neither time nor disk. The grader caps what it keeps again on its side.
 */
final class CappedOutput extends OutputStream {

    private final OutputStream target;
    private final long limit;
    private long written;
    private boolean noticed;

    CappedOutput(OutputStream target, long limit) {
        this.target = target;
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        long room = Math.max(0, Math.min(length, limit - written));
        written += length;
        if (room > 0) {
            target.write(bytes, offset, (int) room);
        }
        if (room < length && !noticed) {
            noticed = true;
            target.write(("\n[output cut: more than " + limit + " bytes]\n").getBytes(StandardCharsets.UTF_8));
            target.flush();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }
}
