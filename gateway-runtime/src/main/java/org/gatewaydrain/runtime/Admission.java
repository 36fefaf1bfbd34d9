package org.gatewaydrain.runtime;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.gatewaydrain.core.GatewayState;

/** What {@link Gateway#handle} did with a message. */
public sealed interface Admission {

    /** @return the text to send back now: the refusal or busy reply (empty for an accepted turn) */
    String immediateReply();

    /**
     * The turn started.
     *
     * @param turnId the gateway's id for the turn
     * @param reply completes with the agent's reply, or exceptionally if the turn failed or was
     *     interrupted by shutdown
     */
    record Accepted(long turnId, CompletionStage<String> reply) implements Admission {
        public Accepted {
            Objects.requireNonNull(reply, "reply");
        }

        @Override
        public String immediateReply() {
            return "";
        }
    }

    /**
     * No new turn may start now: the gateway is starting, draining or shutting down.
     *
     * @param state the state that refused it
     * @param code {@code starting}, {@code draining} or {@code stopping}, for APIs and metrics
     * @param immediateReply what to tell the sender
     */
    record Refused(GatewayState state, String code, String immediateReply) implements Admission {
        /** @return the refusal a gateway in {@code state} gives a new turn */
        static Refused in(GatewayState state) {
            return switch (state) {
                case DRAINING -> new Refused(state, "draining", "The gateway is draining for maintenance and is not"
                        + " starting new turns; please resend your message shortly.");
                case STARTING -> new Refused(state, "starting", "The gateway is starting; please resend your message shortly.");
                default -> new Refused(state, "stopping", "The gateway is shutting down; please resend your message shortly.");
            };
        }
    }

    /**
     * The session already has a turn running.
     *
     * @param session the busy session
     * @param immediateReply what to tell the sender
     */
    record Busy(String session, String immediateReply) implements Admission {
        static Busy of(String session) {
            return new Busy(session, "A turn for this session is still running; wait for its reply, then send again.");
        }
    }
}
