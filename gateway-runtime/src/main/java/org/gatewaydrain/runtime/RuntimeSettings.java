package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayDefaults;

/**
 * The runtime's tunables, validated at construction so bad configuration fails at start-up.
 *
 * @param reconcileInterval how often the watcher re-reads the channel besides pushed changes ({@code watcher.interval})
 * @param drainTimeout how long shutdown waits for in-flight turns before interrupting them ({@code shutdown.drain_timeout})
 * @param statusHeartbeat the longest the gateway goes without republishing its status ({@code status.heartbeat})
 * @param turnsShown how many of the turns in flight, oldest first, the status names ({@code status.turns_shown})
 * @param graceSessions how many recent turn ends, and conversations in a drain's grace, are kept
 *     ({@code drain.grace_sessions}); past it a conversation counts as not in progress. 0 keeps none:
 *     a drain's session grace then lets nothing in, and the end of a turn records nothing
 * @param graceMax how long a drain's grace lasts at most when the drain has no deadline
 *     ({@code drain.grace_max}); empty for four times the drain's grace
 */
public record RuntimeSettings(Duration reconcileInterval, Duration drainTimeout, Duration statusHeartbeat, int turnsShown,
        int graceSessions, Optional<Duration> graceMax) {

    /** The turns in flight a status names when nothing else is configured. */
    public static final int DEFAULT_TURNS_SHOWN = GatewayDefaults.TURNS_SHOWN;

    /** The recent turn ends and conversations in grace kept when nothing else is configured. */
    public static final int DEFAULT_GRACE_SESSIONS = 4096;

    /** The most {@link #graceSessions} may be. */
    public static final int MAX_GRACE_SESSIONS = 1 << 20;

    /**
     * 1 s reconcile tick, 60 s drain timeout, 5 s heartbeat ({@link GatewayDefaults}), 10 turns shown,
     * {@value #DEFAULT_GRACE_SESSIONS} grace sessions, a grace of at most 4 × its length.
     */
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
        if (graceSessions < 0 || graceSessions > MAX_GRACE_SESSIONS) {
            throw new DrainControlException("drain.grace_sessions must be between 0 and " + MAX_GRACE_SESSIONS
                    + ", was " + graceSessions);
        }
        Objects.requireNonNull(graceMax, "drain.grace_max");
        graceMax.ifPresent(max -> requirePositive("drain.grace_max", max));
    }

    /** Settings with the default grace. */
    public RuntimeSettings(Duration reconcileInterval, Duration drainTimeout, Duration statusHeartbeat, int turnsShown) {
        this(reconcileInterval, drainTimeout, statusHeartbeat, turnsShown, DEFAULT_GRACE_SESSIONS, Optional.empty());
    }

    /** Settings naming the default number of turns in flight. */
    public RuntimeSettings(Duration reconcileInterval, Duration drainTimeout, Duration statusHeartbeat) {
        this(reconcileInterval, drainTimeout, statusHeartbeat, DEFAULT_TURNS_SHOWN);
    }

    /** @return a copy naming at most {@code count} turns in flight */
    public RuntimeSettings withTurnsShown(int count) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, statusHeartbeat, count, graceSessions, graceMax);
    }

    /** @return a copy keeping {@code count} recent turn ends and conversations in grace (0 for none) */
    public RuntimeSettings withGraceSessions(int count) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, statusHeartbeat, turnsShown, count, graceMax);
    }

    /** @return a copy whose graces last at most {@code max} without a deadline (empty: 4 × the grace) */
    public RuntimeSettings withGraceMax(Optional<Duration> max) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, statusHeartbeat, turnsShown, graceSessions, max);
    }

    /** @return a copy with another reconcile interval */
    public RuntimeSettings withReconcileInterval(Duration interval) {
        return new RuntimeSettings(interval, drainTimeout, statusHeartbeat, turnsShown, graceSessions, graceMax);
    }

    /** @return a copy with another drain timeout */
    public RuntimeSettings withDrainTimeout(Duration timeout) {
        return new RuntimeSettings(reconcileInterval, timeout, statusHeartbeat, turnsShown, graceSessions, graceMax);
    }

    /** @return a copy with another heartbeat */
    public RuntimeSettings withStatusHeartbeat(Duration heartbeat) {
        return new RuntimeSettings(reconcileInterval, drainTimeout, heartbeat, turnsShown, graceSessions, graceMax);
    }

    private static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new DrainControlException(key + " must be a positive duration, was " + value);
        }
    }
}
