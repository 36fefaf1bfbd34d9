package org.gatewaydrain.runtime;

import java.time.Instant;
import java.util.Objects;

/** What a {@link Notifier} is told. */
public sealed interface Notice {

    /** @return when the gateway decided to tell */
    Instant at();

    /** @return the words the reference gateway uses, for a notifier that sends them as they are */
    String text();

    /** Why a session's turn is interrupted. */
    enum Cause {
        /** The gateway is shutting down and the turn outlasted {@code shutdown.drain_timeout}. */
        SHUTDOWN,
        /** A drain's deadline passed with {@code on_deadline: interrupt}. */
        DEADLINE
    }

    /**
     * @param session whose turn is about to be interrupted
     * @param cause why
     */
    record Session(String session, Cause cause, Instant at) implements Notice {
        public Session {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String text() {
            return cause == Cause.SHUTDOWN
                    ? "The gateway is restarting: your current task will be interrupted. Send your message again in a moment."
                    : "Maintenance is starting: your current task will be interrupted. Send your message again shortly.";
        }
    }

    /**
     * @param turnsInFlight how many turns were in flight when the gateway began to stop
     * @param reason the exit reason
     */
    record Broadcast(int turnsInFlight, String reason, Instant at) implements Notice {
        public Broadcast {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String text() {
            return "The gateway is going down for maintenance; " + turnsInFlight
                    + " task(s) in progress may be interrupted. It will be back shortly.";
        }
    }
}
