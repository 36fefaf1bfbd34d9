package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.Arrays;

/**
 * How long the most recent turns took, the last {@value #KEPT} of them, for the quiesce estimate.
 * Bounded whatever the traffic. Thread-safe.
 */
final class TurnDurations {

    /** How many recent durations are kept. */
    static final int KEPT = 256;

    private final long[] nanos = new long[KEPT];
    private int next;
    private int size;
    /** The recorded durations sorted, kept until the next record: a status reads them far more often than turns end. */
    private long[] sorted = new long[0];
    private boolean sortedStale;

    /** Records one finished turn's duration (a negative one, from a clock set back, counts as zero). */
    synchronized void record(Duration took) {
        nanos[next] = Math.max(0, took.toNanos());
        next = (next + 1) % KEPT;
        size = Math.min(size + 1, KEPT);
        sortedStale = true;
    }

    /** @return the recorded durations in nanoseconds, ascending; shared, not to be modified */
    synchronized long[] sortedNanos() {
        if (sortedStale) {
            sorted = Arrays.copyOf(nanos, size);
            Arrays.sort(sorted);
            sortedStale = false;
        }
        return sorted;
    }
}
