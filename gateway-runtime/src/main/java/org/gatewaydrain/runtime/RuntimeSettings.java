package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.Objects;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayDefaults;

/**
 * The runtime's tunables, validated at construction so bad configuration fails at start-up.
 *
 * @param reconcileInterval how often the watcher re-reads the channel besides pushed changes ({@code watcher.interval})
 * @param drainTimeout how long shutdown waits for in-flight turns before interrupting them ({@code shutdown.drain_timeout})
 * @param statusHeartbeat the longest the gateway goes without republishing its status ({@code status.heartbeat})
 * @param turnsShown how many of the turns in flight, oldest first, the status names ({@code status.turns_shown})
 */
public record RuntimeSettings(Duration reconcileInterval, Duration drainTimeout, Duration statusHeartbeat, int turnsShown) {

    /** The turns in flight a status names when nothing else is configured. */
    public static final int DEFAULT_TURNS_SHOWN = GatewayDefaults.TURNS_SHOWN;

    /** 1 s reconcile tick, 60 s drain timeout, 5 s heartbeat ({@link GatewayDefaults}), 10 turns shown. */
    public static final RuntimeSettings DEFAULTS = new RuntimeSettings(GatewayDefaults.RECONCILE_INTERVAL,
            GatewayDefaults.DRAIN_TIMEOUT, GatewayDefaults.HEARTBEAT, DEFAULT_TURNS_SHOWN);

    /** @throws DrainControlException naming the key of a value out of range */
    public RuntimeSettings {
        requirePositive("watcher.interval", reconcileInterval);
        Objects.requireNonNull(drainTimeout, "shutdown.drain_timeout");
        if (drainTimeout.isNegative()) {
            throw new DrainControlException("shutdown.drain_timeout must not be negative, was " + drainTimeout);
        }
        requirePositive("status.heartbeat", statusHeartbeat);
        if (turnsShown < 0 || turnsShown > 100) {
            throw new DrainControlException("status.turns_shown must be between 0 and 100, was " + turnsShown);
        }
    }

    /** Settings naming the default number of turns in flight. */
    public RuntimeSettings(Duration reconcileInterval, Duration drainTimeout, Duration statusHeartbeat) {
        this(reconcileInterval, drainTimeout, statusHeartbeat, DEFAULT_TURNS_SHOWN);
    }

    /** @return a copy naming at most {@code count} turns in flight */
    public RuntimeSettings withTurnsShown(int count) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, statusHeartbeat, count);
    }

    /** @return a copy with another reconcile interval */
    public RuntimeSettings withReconcileInterval(Duration interval) {
        return new RuntimeSettings(interval, drainTimeout, statusHeartbeat, turnsShown);
    }

    /** @return a copy with another drain timeout */
    public RuntimeSettings withDrainTimeout(Duration timeout) {
        return new RuntimeSettings(reconcileInterval, timeout, statusHeartbeat, turnsShown);
    }

    /** @return a copy with another heartbeat */
    public RuntimeSettings withStatusHeartbeat(Duration heartbeat) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, heartbeat, turnsShown);
    }

    private static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new DrainControlException(key + " must be a positive duration, was " + value);
        }
    }
}
