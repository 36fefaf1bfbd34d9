package org.gatewaydrain.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.OnDeadline;

/**
 * What a requester asks for when it drains.
 *
 * @param target whom the request is for: the channel's own gateway, the fleet or one instance
 * @param reason why, shown in the status
 * @param ttl how long until the request goes stale by itself
 * @param suppressNotification ask the gateway not to announce the drain to its users
 * @param timing the deadline, what happens at it, and the grace for conversations in progress
 */
public record DrainOrder(DrainTarget target, Optional<String> reason, Optional<Duration> ttl, boolean suppressNotification,
        Timing timing) {

    public DrainOrder {
        Objects.requireNonNull(target, "target");
        reason = Objects.requireNonNull(reason, "reason").filter(r -> !r.isBlank());
        Objects.requireNonNull(ttl, "ttl");
        ttl.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("a time to live must be positive, was " + t);
            }
        });
        Objects.requireNonNull(timing, "timing");
    }

    /** An order with neither deadline nor grace. */
    public DrainOrder(DrainTarget target, Optional<String> reason, Optional<Duration> ttl, boolean suppressNotification) {
        this(target, reason, ttl, suppressNotification, Timing.NONE);
    }

    /** @return a copy with {@code value} as its deadline and grace */
    public DrainOrder withTiming(Timing value) {
        return new DrainOrder(target, reason, ttl, suppressNotification, value);
    }

    /**
     * A drain's times as a requester gives them, relative to when the request is written.
     *
     * @param deadline how long after the request the gateway acts on what is still in flight; empty for never
     * @param onDeadline what it does then
     * @param sessionGrace how long a conversation in progress may pause and still start a turn; zero for none
     */
    public record Timing(Optional<Duration> deadline, OnDeadline onDeadline, Duration sessionGrace) {

        /** No deadline, no grace. */
        public static final Timing NONE = new Timing(Optional.empty(), OnDeadline.INTERRUPT, Duration.ZERO);

        public Timing {
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(onDeadline, "onDeadline");
            Objects.requireNonNull(sessionGrace, "sessionGrace");
            deadline.ifPresent(d -> {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("a deadline must be positive, was " + d);
                }
            });
            if (sessionGrace.isNegative()) {
                throw new IllegalArgumentException("a session grace must not be negative, was " + sessionGrace);
            }
        }

        /** @return the policy of a request written at {@code requestedAt}: the deadline made absolute */
        public DrainPolicy policyAt(Instant requestedAt) {
            return new DrainPolicy(deadline.map(requestedAt::plus), onDeadline, sessionGrace);
        }
    }

    /** @return an order for the channel's own gateway with nothing but a reason */
    public static DrainOrder of(String reason) {
        return new DrainOrder(DrainTarget.OWN, Optional.ofNullable(reason), Optional.empty(), false);
    }

    /** @return a copy for {@code other} */
    public DrainOrder forTarget(DrainTarget other) {
        return new DrainOrder(other, reason, ttl, suppressNotification, timing);
    }
}
