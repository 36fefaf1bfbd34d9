package org.gatewaydrain.transport.file;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;

/**
 * Decides whether a readable request still applies. Lenient like the reference gateway: a
 * request is stale only on a definite verdict (both epochs known and different, a stated
 * expiry passed, a stated request time older than the maximum age). Thread-safe.
 *
 * @param currentEpoch this host boot's epoch; empty disables the epoch check
 * @param maxAge how old a request may grow before it is stale; zero means no limit
 * @param clock the time source
 */
record Staleness(String currentEpoch, Duration maxAge, Clock clock) {

    DrainSignal judge(DrainRequest request, boolean requestedAtStated) {
        Instant now = clock.instant();
        if (!currentEpoch.isEmpty() && request.epoch().isPresent() && !request.epoch().get().equals(currentEpoch)) {
            return new DrainSignal.Stale(request, "written during an earlier host boot (epoch "
                    + request.epoch().get() + ", now " + currentEpoch + ")");
        }
        if (request.expiresAt().isPresent() && !now.isBefore(request.expiresAt().get())) {
            return new DrainSignal.Stale(request, "expired at " + request.expiresAt().get());
        }
        if (requestedAtStated && !maxAge.isZero() && request.requestedAt().plus(maxAge).isBefore(now)) {
            return new DrainSignal.Stale(request, "older than the maximum age of " + maxAge
                    + " (requested at " + request.requestedAt() + "); re-write the request to keep draining");
        }
        return new DrainSignal.Present(request);
    }
}
