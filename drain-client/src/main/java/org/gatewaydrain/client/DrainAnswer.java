package org.gatewaydrain.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.StaleReason;

/**
 * What came of a drain.
 *
 * @param principal who the request is recorded as (over HTTP, the token's principal)
 * @param requestedAt when it was written
 * @param target whom it is for
 * @param draining whether the gateway (for a fleet, every live instance) showed this request
 *     within the confirmation wait
 * @param ignored why the gateway treats the request as stale, if it does
 */
public record DrainAnswer(String principal, Instant requestedAt, DrainTarget target, boolean draining,
        Optional<StaleReason> ignored) {

    public DrainAnswer {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(ignored, "ignored");
    }
}
