package org.gatewaydrain.core;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of what a gateway publishes about itself: who it is, its state, how
 * many turns are in flight, the drain it is honouring, the request it ignores and whether
 * its channel is healthy.
 *
 * @param pid the gateway's process id
 * @param kind what publishes the status, {@value #KIND_GATEWAY} for a gateway
 * @param instanceId the gateway's name among its peers ({@code instance_id})
 * @param host the host it runs on
 * @param startTime when the gateway process started
 * @param state the life-cycle state
 * @param activeTurns turns in flight, never negative (on the wire: {@code active_agents})
 * @param drain the drain being honoured, empty when not draining
 * @param drainIgnored the stale request on the channel and why it is ignored, if any
 * @param controlChannel whether the control channel answered on the last read
 * @param exitReason why the gateway stopped, once it is stopping
 * @param updatedAt when this snapshot was taken
 * @param url where the gateway serves its HTTP API, if it says ({@link GatewayUrl})
 * @param blockers the turns in flight, oldest first, and when the gateway expects to be quiet
 */
public record RuntimeStatus(
        long pid,
        String kind,
        String instanceId,
        String host,
        Instant startTime,
        GatewayState state,
        int activeTurns,
        Optional<Drain> drain,
        Optional<IgnoredDrain> drainIgnored,
        ChannelHealth controlChannel,
        Optional<String> exitReason,
        Instant updatedAt,
        Optional<URI> url,
        Blockers blockers) {

    /** The {@link #kind()} a gateway publishes. */
    public static final String KIND_GATEWAY = "gateway";

    /** Validates; instants are kept to the microsecond. */
    public RuntimeStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(drainIgnored, "drainIgnored");
        Objects.requireNonNull(controlChannel, "controlChannel");
        Objects.requireNonNull(exitReason, "exitReason");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(blockers, "blockers");
        if (url.isPresent() && !GatewayUrl.isValid(url.get())) {
            throw new IllegalArgumentException("not a gateway URL: " + url.get());
        }
        startTime = Objects.requireNonNull(startTime, "startTime").truncatedTo(ChronoUnit.MICROS);
        updatedAt = Objects.requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MICROS);
        if (activeTurns < 0) {
            throw new IllegalArgumentException("activeTurns must be >= 0, was " + activeTurns);
        }
    }

    /** A status that names no turn in flight. */
    public RuntimeStatus(long pid, String kind, String instanceId, String host, Instant startTime, GatewayState state,
            int activeTurns, Optional<Drain> drain, Optional<IgnoredDrain> drainIgnored, ChannelHealth controlChannel,
            Optional<String> exitReason, Instant updatedAt, Optional<URI> url) {
        this(pid, kind, instanceId, host, startTime, state, activeTurns, drain, drainIgnored, controlChannel, exitReason,
                updatedAt, url, Blockers.NONE);
    }

    /** A status that says no URL. */
    public RuntimeStatus(long pid, String kind, String instanceId, String host, Instant startTime, GatewayState state,
            int activeTurns, Optional<Drain> drain, Optional<IgnoredDrain> drainIgnored, ChannelHealth controlChannel,
            Optional<String> exitReason, Instant updatedAt) {
        this(pid, kind, instanceId, host, startTime, state, activeTurns, drain, drainIgnored, controlChannel, exitReason,
                updatedAt, Optional.empty());
    }

    /** @return whether the gateway is draining with nothing left in flight and no conversation in grace */
    public boolean quiesced() {
        return state.quiescedWith(activeTurns, drain.map(Drain::sessionsInGrace).orElse(0));
    }

    /**
     * The drain a gateway is honouring, as shown to operators: the request currently on the
     * channel (a keep-alive re-write refreshes it), when draining began, and how its deadline
     * and grace stand.
     *
     * @param principal who asked ({@value #UNKNOWN_PRINCIPAL} when the request could not be read)
     * @param requestedAt when it was (last) written, or first seen when unreadable
     * @param reason why, if given
     * @param expiresAt when it goes stale by itself, if it does
     * @param since when the gateway began draining; re-writes leave it alone
     * @param scope which request holds the drain on a fleet transport ({@code fleet} or
     *     {@code instance}); empty where a channel has one request
     * @param policy the request's deadline and grace
     * @param grace the conversations still in their grace and when the last grace ends; empty when none is
     * @param deadlinePassed what the gateway did at the deadline, once it passed
     * @param suppressNotification whether the request asks the gateway not to broadcast its stop to users
     */
    public record Drain(String principal, Instant requestedAt, Optional<String> reason, Optional<Instant> expiresAt,
            Instant since, Optional<String> scope, DrainPolicy policy, Optional<Grace> grace,
            Optional<DeadlinePassed> deadlinePassed, boolean suppressNotification) {

        /** The principal shown when the request could not be read. */
        public static final String UNKNOWN_PRINCIPAL = "unknown";

        public Drain {
            Objects.requireNonNull(principal, "principal");
            requestedAt = Objects.requireNonNull(requestedAt, "requestedAt").truncatedTo(ChronoUnit.MICROS);
            Objects.requireNonNull(reason, "reason");
            expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").map(t -> t.truncatedTo(ChronoUnit.MICROS));
            since = Objects.requireNonNull(since, "since").truncatedTo(ChronoUnit.MICROS);
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(deadlinePassed, "deadlinePassed");
        }

        /** A drain whose request does not ask for quiet. */
        public Drain(String principal, Instant requestedAt, Optional<String> reason, Optional<Instant> expiresAt,
                Instant since, Optional<String> scope, DrainPolicy policy, Optional<Grace> grace,
                Optional<DeadlinePassed> deadlinePassed) {
            this(principal, requestedAt, reason, expiresAt, since, scope, policy, grace, deadlinePassed, false);
        }

        /** A drain with neither deadline nor grace. */
        public Drain(String principal, Instant requestedAt, Optional<String> reason, Optional<Instant> expiresAt,
                Instant since, Optional<String> scope) {
            this(principal, requestedAt, reason, expiresAt, since, scope, DrainPolicy.NONE, Optional.empty(), Optional.empty());
        }

        /** A drain shown without a scope, as on a channel with one request. */
        public Drain(String principal, Instant requestedAt, Optional<String> reason, Optional<Instant> expiresAt,
                Instant since) {
            this(principal, requestedAt, reason, expiresAt, since, Optional.empty());
        }

        /** @return the drain shown for a valid request, draining since {@code since} */
        public static Drain of(DrainRequest request, Instant since) {
            return new Drain(request.principal(), request.requestedAt(), request.reason(), request.expiresAt(), since,
                    Optional.empty(), request.policy(), Optional.empty(), Optional.empty(), request.suppressNotification());
        }

        /** @return the drain shown for a valid request as read, with the scope that holds it, draining since {@code since} */
        public static Drain of(DrainSignal.Present present, Instant since) {
            DrainRequest request = present.request();
            return new Drain(request.principal(), request.requestedAt(), request.reason(), request.expiresAt(), since,
                    present.scope(), request.policy(), Optional.empty(), Optional.empty(), request.suppressNotification());
        }

        /**
         * @param why what is wrong with what is at the request location
         * @param seenAt when the gateway found it
         * @return the drain shown when something unreadable asks for one (the gateway drains to be safe)
         */
        public static Drain unreadable(String why, Instant seenAt) {
            return new Drain(UNKNOWN_PRINCIPAL, seenAt,
                    Optional.of("unreadable drain request (" + why + "): draining to be safe"), Optional.empty(), seenAt);
        }

        /** @return a copy draining since {@code start} */
        public Drain since(Instant start) {
            return new Drain(principal, requestedAt, reason, expiresAt, start, scope, policy, grace, deadlinePassed,
                    suppressNotification);
        }

        /** @return a copy showing {@code value} as the grace still running */
        public Drain withGrace(Optional<Grace> value) {
            return new Drain(principal, requestedAt, reason, expiresAt, since, scope, policy, value, deadlinePassed,
                    suppressNotification);
        }

        /** @return a copy showing what happened at the deadline */
        public Drain withDeadlinePassed(Optional<DeadlinePassed> value) {
            return new Drain(principal, requestedAt, reason, expiresAt, since, scope, policy, grace, value,
                    suppressNotification);
        }

        /** @return whether both show the same request, whatever their {@link #since()} and progress */
        public boolean sameRequest(Drain other) {
            return principal.equals(other.principal) && requestedAt.equals(other.requestedAt)
                    && reason.equals(other.reason) && expiresAt.equals(other.expiresAt) && scope.equals(other.scope)
                    && policy.equals(other.policy) && suppressNotification == other.suppressNotification;
        }

        /** @return how many conversations are still in their grace (zero when none is) */
        public int sessionsInGrace() {
            return grace.map(Grace::sessions).orElse(0);
        }
    }

    /**
     * The conversations in progress that may still start a turn while the gateway drains.
     *
     * @param endsAt when the last of their graces ends, unless one of them starts another turn
     * @param sessions how many there are, at least one
     */
    public record Grace(Instant endsAt, int sessions) {
        public Grace {
            endsAt = Objects.requireNonNull(endsAt, "endsAt").truncatedTo(ChronoUnit.MICROS);
            if (sessions < 1) {
                throw new IllegalArgumentException("a grace shown has at least one session, was " + sessions);
            }
        }
    }

    /**
     * What the gateway did when a drain's deadline passed.
     *
     * @param at when it acted
     * @param action what it did
     * @param interrupted how many turns it interrupted
     */
    public record DeadlinePassed(Instant at, OnDeadline action, int interrupted) {
        public DeadlinePassed {
            at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
            Objects.requireNonNull(action, "action");
            if (interrupted < 0) {
                throw new IllegalArgumentException("interrupted must be >= 0, was " + interrupted);
            }
        }
    }

    /**
     * A request on the channel that the gateway ignores because it is stale.
     *
     * @param principal who wrote it
     * @param requestedAt when it was written
     * @param why which rule made it stale
     */
    public record IgnoredDrain(String principal, Instant requestedAt, StaleReason why) {
        public IgnoredDrain {
            Objects.requireNonNull(principal, "principal");
            requestedAt = Objects.requireNonNull(requestedAt, "requestedAt").truncatedTo(ChronoUnit.MICROS);
            Objects.requireNonNull(why, "why");
        }

        /** @return what the status shows for a stale signal */
        public static IgnoredDrain of(DrainSignal.Stale stale) {
            return new IgnoredDrain(stale.request().principal(), stale.request().requestedAt(), stale.why());
        }
    }

    /**
     * Who is holding up quiet: the turns in flight, oldest first (at most the gateway's cap, so
     * {@code turns} may be fewer than {@link #activeTurns()}), when the oldest began, and when
     * the gateway expects none to be left ({@link QuiesceEstimate}).
     *
     * @param turns the oldest turns in flight, oldest first
     * @param oldestStartedAt when the oldest turn in flight began; empty when none is
     * @param expectedQuiescedAt the estimate; empty without a history to judge by
     */
    public record Blockers(List<TurnInFlight> turns, Optional<Instant> oldestStartedAt,
            Optional<Instant> expectedQuiescedAt) {

        /** Nothing in flight, nothing estimated. */
        public static final Blockers NONE = new Blockers(List.of(), Optional.empty(), Optional.empty());

        public Blockers {
            turns = List.copyOf(turns);
            oldestStartedAt = Objects.requireNonNull(oldestStartedAt, "oldestStartedAt")
                    .map(t -> t.truncatedTo(ChronoUnit.MICROS));
            expectedQuiescedAt = Objects.requireNonNull(expectedQuiescedAt, "expectedQuiescedAt")
                    .map(t -> t.truncatedTo(ChronoUnit.MICROS));
        }
    }

    /**
     * One turn in flight, as the status names it.
     *
     * @param session the conversation it belongs to
     * @param startedAt when it was admitted
     * @param internal whether it is an internal event (which a drain does not refuse)
     */
    public record TurnInFlight(String session, Instant startedAt, boolean internal) {
        public TurnInFlight {
            Objects.requireNonNull(session, "session");
            startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MICROS);
        }
    }
}
