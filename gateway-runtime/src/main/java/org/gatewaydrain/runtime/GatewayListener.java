package org.gatewaydrain.runtime;

import java.time.Duration;
import java.util.List;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * Hears what a {@link Gateway} does, for metrics, event streams and logs. Every method is
 * called on the gateway's single event thread, in order, never on the caller's thread; a
 * listener that throws is logged, counted and keeps listening. Methods must not block long.
 */
public interface GatewayListener {

    /** The gateway moved from {@code from} to {@code to}. */
    default void stateChanged(GatewayState from, GatewayState to) {
    }

    /** The number of turns in flight changed; {@code activeTurns} is the latest count. */
    default void activeTurnsChanged(int activeTurns) {
    }

    /** The control channel became readable again ({@code OK}) or unreachable ({@code DEGRADED}). */
    default void channelHealthChanged(ChannelHealth health) {
    }

    /**
     * What the status shows about requests changed without a state change: a keep-alive
     * re-write refreshed the drain shown, or a stale request appeared or went.
     */
    default void drainChanged() {
    }

    /** A message was refused because the gateway was not admitting new turns. */
    default void turnRefused(MessageEvent event, Admission.Refused refusal) {
    }

    /**
     * The gateway began to drain on {@code drain}: the request as it was when the drain began
     * (the status may show a later one, or none, by the time this is called). Called just after
     * {@link #stateChanged} to {@code DRAINING}.
     */
    default void drainBegan(RuntimeStatus.Drain drain) {
    }

    /**
     * Turns ended and took {@code durations}: the turns a status saw start and saw gone, the
     * history the quiesce estimate learns from (a turn shorter than a status's settle window may
     * not be among them). Timed from the first status that saw each turn.
     */
    default void turnsEnded(List<Duration> durations) {
    }

    /**
     * A drain's deadline passed and the gateway acted: it interrupted the turns still in flight
     * and stays draining, or it begins to stop ({@code passed.action()}).
     */
    default void deadlinePassed(RuntimeStatus.DeadlinePassed passed) {
    }

    /** The gateway became quiesced {@code sinceDrainStarted} after it entered drain. */
    default void quiesced(Duration sinceDrainStarted) {
    }
}
