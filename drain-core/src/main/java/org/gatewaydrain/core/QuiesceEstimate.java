package org.gatewaydrain.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * When a draining gateway should be quiet, judged from how long recent turns took. For each turn
 * in flight, of age {@code a}, take the recorded turns that ran at least as long as {@code a}; the
 * turn's expected end is its start plus the median of their durations (the typical length of a
 * turn that has already run {@code a}). The estimate is the latest of these ends. When no turn is
 * in flight it is now; when there is no history, or no recorded turn ran as long as one still in
 * flight, there is nothing to judge by and the estimate is empty. Stateless.
 */
public final class QuiesceEstimate {

    private QuiesceEstimate() {
    }

    /**
     * @param now the gateway's clock
     * @param inFlight when each turn in flight started
     * @param recentDurations how long recently finished turns took (any order)
     * @return when the last turn in flight is expected to end; empty when the history cannot say
     */
    public static Optional<Instant> of(Instant now, Collection<Instant> inFlight, Collection<Duration> recentDurations) {
        if (inFlight.isEmpty()) {
            return Optional.of(now);
        }
        return ofSorted(now, inFlight, recentDurations.stream().mapToLong(Duration::toNanos).sorted().toArray());
    }

    /**
     * {@link #of} for durations already sorted, as a caller that keeps them sorted between estimates has them.
     *
     * @param sortedNanos how long recently finished turns took, in nanoseconds, ascending; not modified
     * @return when the last turn in flight is expected to end; empty when the history cannot say
     */
    public static Optional<Instant> ofSorted(Instant now, Collection<Instant> inFlight, long[] sortedNanos) {
        if (inFlight.isEmpty()) {
            return Optional.of(now);
        }
        if (sortedNanos.length == 0) {
            return Optional.empty();
        }
        long[] sorted = sortedNanos;
        Instant latest = now;
        for (Instant started : inFlight) {
            long age = Math.max(0, Duration.between(started, now).toNanos());
            int from = firstAtLeast(sorted, age);
            if (from == sorted.length) {
                return Optional.empty();
            }
            long median = sorted[from + (sorted.length - 1 - from) / 2];
            Instant end = started.plusNanos(median);
            if (end.isAfter(latest)) {
                latest = end;
            }
        }
        return Optional.of(latest);
    }

    private static int firstAtLeast(long[] sorted, long value) {
        int at = Arrays.binarySearch(sorted, value);
        if (at < 0) {
            return -at - 1;
        }
        while (at > 0 && sorted[at - 1] == value) {
            at--;
        }
        return at;
    }
}
