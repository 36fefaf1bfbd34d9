package org.gatewaydrain.core;

/**
 * The life-cycle state of a gateway: {@code STARTING → RUNNING ⇄ DRAINING}, any state →
 * {@code STOPPING → STOPPED}. Shutdown wins: nothing leaves {@code STOPPING} except to
 * {@code STOPPED}, and nothing leaves {@code STOPPED}.
 */
public enum GatewayState {
    /** Reading the control channel before admitting anything; no turn is admitted yet. */
    STARTING,
    /** Serving: new turns are admitted. */
    RUNNING,
    /** Quiescing for maintenance: new external turns are refused, in-flight ones finish. */
    DRAINING,
    /** Shutting down: no new turns at all, in-flight ones get the drain timeout to finish. */
    STOPPING,
    /** Shut down; final. */
    STOPPED;

    /** @return whether a new external turn may start in this state */
    public boolean admitsNewTurns() {
        return this == RUNNING;
    }

    /** @return whether internal/system events (which bypass drain) may start in this state */
    public boolean admitsInternalEvents() {
        return this == RUNNING || this == DRAINING;
    }

    /**
     * The one definition of quiesced: draining with nothing in flight and no conversation still
     * in a drain's grace (it could start another turn).
     *
     * @param activeTurns the turns in flight
     * @param sessionsInGrace the conversations in progress that may still start a turn
     * @return whether a gateway in this state with that many turns in flight is quiesced
     */
    public boolean quiescedWith(int activeTurns, int sessionsInGrace) {
        return this == DRAINING && activeTurns == 0 && sessionsInGrace == 0;
    }

    /** @return {@link #quiescedWith(int, int)} with no conversation in grace */
    public boolean quiescedWith(int activeTurns) {
        return quiescedWith(activeTurns, 0);
    }

    /** @return whether the gateway is on its way down; no transition leads back from here */
    public boolean isShuttingDown() {
        return this == STOPPING || this == STOPPED;
    }

    /**
     * @param target the state to move to
     * @return whether the life cycle allows moving from this state to {@code target}
     */
    public boolean canMoveTo(GatewayState target) {
        return switch (this) {
            case STARTING -> target == RUNNING || target == DRAINING || target == STOPPING;
            case RUNNING -> target == DRAINING || target == STOPPING;
            case DRAINING -> target == RUNNING || target == STOPPING;
            case STOPPING -> target == STOPPED;
            case STOPPED -> false;
        };
    }

    /** @return the lower-case name used in status files and JSON, e.g. {@code draining} */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * @param wireName a name as {@link #wireName()} writes it (case-insensitive)
     * @return the state
     * @throws IllegalArgumentException if the name is not a state
     */
    public static GatewayState fromWireName(String wireName) {
        return WireNames.require(GatewayState.class, wireName, "gateway state");
    }
}
