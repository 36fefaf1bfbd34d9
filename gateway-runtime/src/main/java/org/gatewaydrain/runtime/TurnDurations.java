package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /** Records one finished turn's duration (a negative one, from a clock set back, counts as zero). */
    synchronized void record(Duration took) {
        nanos[next] = Math.max(0, took.toNanos());
        next = (next + 1) % KEPT;
        size = Math.min(size + 1, KEPT);
    }

    /** @return the recorded durations, in no particular order */
    synchronized List<Duration> recent() {
        List<Duration> recent = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            recent.add(Duration.ofNanos(nanos[i]));
        }
        return recent;
    }
}
