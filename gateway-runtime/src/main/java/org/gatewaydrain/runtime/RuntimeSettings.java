package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.Objects;
import org.gatewaydrain.core.DrainControlException;

/**
 * The runtime's tunables, validated at construction so bad configuration fails at start-up.
 *
 * @param reconcileInterval how often the watcher re-reads the channel besides pushed changes ({@code watcher.interval})
 * @param drainTimeout how long shutdown waits for in-flight turns before interrupting them ({@code shutdown.drain_timeout})
 * @param demoTurnDelay how long the demo handler takes to echo ({@code demo.turn_delay})
 * @param installShutdownHook whether {@link Gateway#start()} makes SIGTERM run the shutdown path
 */
public record RuntimeSettings(
        Duration reconcileInterval,
        Duration drainTimeout,
        Duration demoTurnDelay,
        boolean installShutdownHook) {

    /** The longest a message's own {@code delay_ms} may make a demo turn last. */
    public static final Duration MAX_DEMO_DELAY = Duration.ofSeconds(60);

    /** 1 s reconcile tick, 60 s drain timeout, 1 s demo delay, no shutdown hook. */
    public static final RuntimeSettings DEFAULTS =
            new RuntimeSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1), false);

    /** @throws DrainControlException naming the key of a value out of range */
    public RuntimeSettings {
        requirePositive("watcher.interval", reconcileInterval);
        requireNotNegative("shutdown.drain_timeout", drainTimeout);
        requireNotNegative("demo.turn_delay", demoTurnDelay);
        if (demoTurnDelay.compareTo(MAX_DEMO_DELAY) > 0) {
            throw new DrainControlException("demo.turn_delay must be at most " + MAX_DEMO_DELAY.toSeconds()
                    + "s, was " + demoTurnDelay);
        }
    }

    /** @return a copy with another reconcile interval */
    public RuntimeSettings withReconcileInterval(Duration interval) {
        return new RuntimeSettings(interval, drainTimeout, demoTurnDelay, installShutdownHook);
    }

    /** @return a copy with another drain timeout */
    public RuntimeSettings withDrainTimeout(Duration timeout) {
        return new RuntimeSettings(reconcileInterval, timeout, demoTurnDelay, installShutdownHook);
    }

    /** @return a copy with another demo delay */
    public RuntimeSettings withDemoTurnDelay(Duration delay) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, delay, installShutdownHook);
    }

    /** @return a copy that does or does not install the SIGTERM hook */
    public RuntimeSettings withShutdownHook(boolean install) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, demoTurnDelay, install);
    }

    private static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new DrainControlException(key + " must be a positive duration, was " + value);
        }
    }

    private static void requireNotNegative(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw new DrainControlException(key + " must not be negative, was " + value);
        }
    }
}
