package org.gatewaydrain.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Latencies recorded in nanoseconds (up to a minute, three significant digits) and read out in
 * milliseconds. Not thread-safe: one recorder.
 */
final class Latencies {

    private final Histogram histogram = new Histogram(Duration.ofMinutes(1).toNanos(), 3);

    void record(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, histogram.getHighestTrackableValue())));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMs(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMs() {
        return histogram.getMaxValue() / 1e6;
    }

    double meanMs() {
        return histogram.getMean() / 1e6;
    }
}
