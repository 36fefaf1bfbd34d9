package org.gatewaydrain.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of what a gateway publishes about itself: who it is, its state, how
 * many turns are in flight, the drain it is honouring and whether its channel is healthy.
 *
 * @param pid the gateway's process id
 * @param kind what publishes the status, {@value #KIND_GATEWAY} for a gateway
 * @param startTime when the gateway process started
 * @param state the life-cycle state
 * @param activeAgents turns in flight, never negative
 * @param drain the drain being honoured, empty when not draining
 * @param controlChannel whether the control channel answered on the last read
 * @param exitReason why the gateway stopped, once it is stopping
 * @param updatedAt when this snapshot was taken
 */
public record RuntimeStatus(
        long pid,
        String kind,
        Instant startTime,
        GatewayState state,
        int activeAgents,
        Optional<Drain> drain,
        ChannelHealth controlChannel,
        Optional<String> exitReason,
        Instant updatedAt) {

    /** The {@link #kind()} a gateway publishes. */
    public static final String KIND_GATEWAY = "gateway";

    /** Validates; instants are kept to the microsecond. */
    public RuntimeStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(controlChannel, "controlChannel");
        Objects.requireNonNull(exitReason, "exitReason");
        startTime = Objects.requireNonNull(startTime, "startTime").truncatedTo(ChronoUnit.MICROS);
        updatedAt = Objects.requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MICROS);
        if (activeAgents < 0) {
            throw new IllegalArgumentException("activeAgents must be >= 0, was " + activeAgents);
        }
    }

    /** @return whether the gateway is draining with nothing left in flight */
    public boolean quiesced() {
        return state == GatewayState.DRAINING && activeAgents == 0;
    }

    /**
     * @param count the new in-flight count
     * @param at when it was observed
     * @return a copy with only the count and the update time changed
     */
    public RuntimeStatus withActiveAgents(int count, Instant at) {
        return new RuntimeStatus(pid, kind, startTime, state, count, drain, controlChannel, exitReason, at);
    }

    /**
     * The drain a gateway is honouring, as shown to operators.
     *
     * @param principal who asked ({@code unknown} when the request could not be read)
     * @param requestedAt when it was asked for (or first seen, when unreadable)
     * @param reason why, if given
     */
    public record Drain(String principal, Instant requestedAt, Optional<String> reason) {
        public Drain {
            Objects.requireNonNull(principal, "principal");
            requestedAt = Objects.requireNonNull(requestedAt, "requestedAt").truncatedTo(ChronoUnit.MICROS);
            Objects.requireNonNull(reason, "reason");
        }

        /** The principal shown when the request could not be read. */
        public static final String UNKNOWN_PRINCIPAL = "unknown";

        /** @return the drain shown for a valid request */
        public static Drain of(DrainRequest request) {
            return new Drain(request.principal(), request.requestedAt(), request.reason());
        }

        /**
         * @param why what is wrong with what is at the request location
         * @param seenAt when the gateway found it
         * @return the drain shown when something unreadable asks for one (the gateway drains to be safe)
         */
        public static Drain unreadable(String why, Instant seenAt) {
            return new Drain(UNKNOWN_PRINCIPAL, seenAt,
                    Optional.of("unreadable drain request (" + why + "): draining to be safe"));
        }
    }
}
