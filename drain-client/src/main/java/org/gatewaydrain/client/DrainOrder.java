package org.gatewaydrain.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.DrainTarget;

/**
 * What a requester asks for when it drains.
 *
 * @param target whom the request is for: the channel's own gateway, the fleet or one instance
 * @param reason why, shown in the status
 * @param ttl how long until the request goes stale by itself
 * @param suppressNotification ask the gateway not to announce the drain to its users
 */
public record DrainOrder(DrainTarget target, Optional<String> reason, Optional<Duration> ttl, boolean suppressNotification) {

    public DrainOrder {
        Objects.requireNonNull(target, "target");
        reason = Objects.requireNonNull(reason, "reason").filter(r -> !r.isBlank());
        Objects.requireNonNull(ttl, "ttl");
        ttl.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("a time to live must be positive, was " + t);
            }
        });
    }

    /** @return an order for the channel's own gateway with nothing but a reason */
    public static DrainOrder of(String reason) {
        return new DrainOrder(DrainTarget.OWN, Optional.ofNullable(reason), Optional.empty(), false);
    }

    /** @return a copy for {@code other} */
    public DrainOrder forTarget(DrainTarget other) {
        return new DrainOrder(other, reason, ttl, suppressNotification);
    }
}
