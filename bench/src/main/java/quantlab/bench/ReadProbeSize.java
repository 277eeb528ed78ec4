package quantlab.bench;

/** How much the read probe reads: computed apart from {@link ReadProbe}, so it needs no Vector API. */
final class ReadProbeSize {

    private ReadProbeSize() {
    }

    /** At least 1 GiB and at least four times the last-level cache, a multiple of 4 KiB, at most a long[]'s reach. */
    static long of(long llcBytes) {
        long bytes = Math.max(1L << 30, 4 * llcBytes);
        bytes = (bytes + 4095) / 4096 * 4096;
        return Math.min(bytes, (Integer.MAX_VALUE / 1024L) * 1024 * Long.BYTES);
    }
}
