package org.gatewaydrain.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * How a drain treats time and conversations: a deadline and what happens at it, and the grace
 * given to conversations in progress. {@link #NONE} is the plain drain: no deadline, no grace.
 * Immutable.
 *
 * @param deadlineAt when the gateway acts on the turns still in flight ({@code deadline_at}); empty for no deadline
 * @param onDeadline what it does then ({@code on_deadline}); meaningful only with a deadline
 * @param sessionGrace how long a conversation in progress may pause between turns and still
 *     start another while draining ({@code session_grace_seconds}); zero for none. Whole seconds.
 */
public record DrainPolicy(Optional<Instant> deadlineAt, OnDeadline onDeadline, Duration sessionGrace) {

    /** The longest grace a request may carry (a day); longer reads as this. Declared first: {@link #NONE} needs it. */
    public static final Duration MAX_GRACE = Duration.ofDays(1);

    /** No deadline and no grace: the drain as it has always been. */
    public static final DrainPolicy NONE = new DrainPolicy(Optional.empty(), OnDeadline.INTERRUPT, Duration.ZERO);

    /** Validates and normalises: the deadline to microseconds, the grace to whole seconds within {@link #MAX_GRACE}. */
    public DrainPolicy {
        deadlineAt = Objects.requireNonNull(deadlineAt, "deadlineAt").map(t -> t.truncatedTo(ChronoUnit.MICROS));
        Objects.requireNonNull(onDeadline, "onDeadline");
        Objects.requireNonNull(sessionGrace, "sessionGrace");
        if (sessionGrace.isNegative()) {
            throw new IllegalArgumentException("session grace must not be negative, was " + sessionGrace);
        }
        sessionGrace = Duration.ofSeconds(Math.min(sessionGrace.getSeconds(), MAX_GRACE.getSeconds()));
    }

    /** @return a policy with a deadline and what to do at it, and no grace */
    public static DrainPolicy deadline(Instant at, OnDeadline action) {
        return new DrainPolicy(Optional.of(at), action, Duration.ZERO);
    }

    /** @return a copy giving conversations in progress {@code grace} */
    public DrainPolicy withSessionGrace(Duration grace) {
        return new DrainPolicy(deadlineAt, onDeadline, grace);
    }

    /** @return whether conversations in progress get any grace */
    public boolean hasGrace() {
        return !sessionGrace.isZero();
    }

    /**
     * When a conversation in grace may start no further turn: the deadline if there is one,
     * else {@code graceMax} after the drain began.
     *
     * @param drainBegan when draining began
     * @param graceMax the longest a grace lasts without a deadline; empty for four times the grace
     * @return the hard end
     */
    public Instant hardEnd(Instant drainBegan, Optional<Duration> graceMax) {
        return deadlineAt.orElseGet(() -> drainBegan.plus(graceMax.orElse(sessionGrace.multipliedBy(4))));
    }
}
