package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;

/**
 * What the CLI's drain, cancel and status commands talk to: the local channel in a home, or a
 * server's HTTP API ({@code --url}). Not thread-safe; one per command.
 */
interface ControlClient extends AutoCloseable {

    /**
     * Writes the drain request and waits briefly for the gateway to show draining.
     *
     * @throws DrainControlException if the request cannot be written or is refused
     */
    DrainAnswer drain(DrainOrder order);

    /**
     * @return whether a request was there
     * @throws DrainControlException if it cannot be withdrawn
     */
    boolean cancel();

    /**
     * @return the status object of the contract, or empty when no gateway published one
     * @throws DrainControlException if the server cannot be asked
     */
    Optional<JsonNode> status();

    /** @return where this client sends requests, for messages */
    String where();

    @Override
    void close();

    /**
     * What to ask for.
     *
     * @param principal who asks (the local channel only; a server names the token's principal)
     * @param reason why
     * @param ttl how long until the request goes stale by itself
     * @param suppressNotification ask the gateway not to announce the drain
     */
    record DrainOrder(String principal, Optional<String> reason, Optional<Duration> ttl, boolean suppressNotification) {
    }

    /**
     * What came of a drain.
     *
     * @param principal who the request is recorded as
     * @param requestedAt when it was written
     * @param draining whether the gateway showed draining within the confirmation wait
     */
    record DrainAnswer(String principal, Instant requestedAt, boolean draining) {
    }
}
