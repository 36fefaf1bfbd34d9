package org.gatewaydrain.core;

import java.time.Duration;

/**
 * The defaults of the settings a gateway and its requesters share, in one place, so the server's
 * configuration, the runtime and the transports never disagree about them.
 */
public final class GatewayDefaults {

    /** {@code drain.max_age}: how old an unrefreshed request may grow before it is stale. */
    public static final Duration MAX_AGE = Duration.ofHours(1);

    /** {@code status.heartbeat}: the longest a live gateway goes without republishing its status. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);

    /** {@code watcher.interval}: how often the gateway re-reads its channel besides pushed changes. */
    public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(1);

    /** {@code shutdown.drain_timeout}: how long shutdown waits for in-flight turns before interrupting them. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private GatewayDefaults() {
    }

    /** {@code status.turns_shown}: how many turns in flight, oldest first, a status names. */
    public static final int TURNS_SHOWN = 10;
}
