package org.gatewaydrain.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Measures how long until a condition holds, polling tightly; bounded, and reported in the log. */
final class Latency {

    private Latency() {
    }

    /**
     * @return the time from {@code startNanos} until {@code condition} held
     * @throws AssertionError if it did not hold within {@code bound}
     */
    static Duration until(long startNanos, Duration bound, String what, BooleanSupplier condition) {
        long deadline = startNanos + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + bound);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static void report(String check, String what, Duration took) {
        System.out.printf("[live] %s: %s after %.1f ms%n", check, what, took.toNanos() / 1e6);
    }
}
