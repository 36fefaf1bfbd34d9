package org.gatewaydrain.core;

import java.util.Objects;

/**
 * What a gateway reads from its control channel, and therefore what it should do.
 *
 * <p>Reading a channel never throws: every outcome, including a corrupt request or an
 * unreachable channel, is one of these values. {@link #decision()} maps each to the
 * gateway's action; it fails safe toward quiescing when something is there but unreadable.
 */
public sealed interface DrainSignal {

    /** The shared value for "no request". */
    DrainSignal ABSENT = new Absent();

    /** @return what a gateway should do on reading this signal */
    Decision decision();

    /** No drain request: serve. */
    record Absent() implements DrainSignal {
        @Override
        public Decision decision() {
            return Decision.SERVE;
        }
    }

    /**
     * A valid drain request: drain.
     *
     * @param request the request as read
     * @param scope which of a fleet transport's requests holds it ({@code fleet} or
     *     {@code instance}); empty on a transport with one request per channel
     */
    record Present(DrainRequest request, java.util.Optional<String> scope) implements DrainSignal {
        public Present {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(scope, "scope");
        }

        /** @param request the request as read, on a channel with one request */
        public Present(DrainRequest request) {
            this(request, java.util.Optional.empty());
        }

        @Override
        public Decision decision() {
            return Decision.DRAIN;
        }
    }

    /**
     * Something is at the request location but cannot be read as a request (corrupt, empty,
     * oversized, a folder, a link, a FIFO, another action): drain, because someone clearly
     * tried to ask.
     *
     * @param why what is wrong with it, for the status and the log
     */
    record Unreadable(String why) implements DrainSignal {
        public Unreadable {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public Decision decision() {
            return Decision.DRAIN;
        }
    }

    /**
     * A request that no longer applies (another epoch, past its expiry or its maximum age):
     * serve, log it once and show it as ignored.
     *
     * @param request the request as read
     * @param why which rule made it stale
     * @param detail the rule applied to this request, for the log
     */
    record Stale(DrainRequest request, StaleReason why, String detail) implements DrainSignal {
        public Stale {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public Decision decision() {
            return Decision.SERVE;
        }
    }

    /**
     * The channel itself cannot be reached (the home folder gone, the coordinator
     * disconnected): keep the last decided state and report the channel as degraded.
     *
     * @param cause what went wrong, for the status and the log
     */
    record Unknown(String cause) implements DrainSignal {
        public Unknown {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public Decision decision() {
            return Decision.HOLD;
        }
    }

    /** What a gateway does with a signal. */
    enum Decision {
        /** Admit new turns. */
        SERVE,
        /** Refuse new external turns and let in-flight ones finish. */
        DRAIN,
        /** Keep whatever was last decided; the channel cannot tell. */
        HOLD
    }
}
