package org.gatewaydrain.server.webhook;

import java.time.Instant;
import java.util.Optional;

/**
 * What the status shows of one webhook endpoint: its name, its URL without credentials or
 * query, when a delivery last succeeded and last failed (and why, never with the secret or the
 * body), how many events wait and how many were dropped. Immutable.
 */
public record EndpointHealth(String name, String url, Optional<Instant> lastSuccess, Optional<Failure> lastFailure,
        int waiting, long dropped) {

    /** A failed attempt: when, and why in a few words. */
    public record Failure(Instant at, String why) {
    }
}
