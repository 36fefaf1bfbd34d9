package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.http.DrainControl;

/**
 * What the CLI's drain, cancel and status commands talk to: the selected transport itself,
 * or a server's HTTP API ({@code --url}). Not thread-safe; one per command.
 */
interface ControlClient extends AutoCloseable {

    /**
     * Writes the drain request and waits briefly for the gateway to show it.
     *
     * @param principal who asks (the transport only; a server names the token's principal)
     * @throws DrainControlException if the request cannot be written or is refused
     */
    DrainAnswer drain(String principal, DrainControl.DrainOrder order);

    /**
     * @return whether a request for {@code target} was there
     * @throws DrainControlException if it cannot be withdrawn, or the transport has no such target
     */
    boolean cancel(DrainTarget target);

    /**
     * @return the status object of the API, or empty when no gateway published one
     * @throws DrainControlException if the status cannot be read now
     */
    Optional<JsonNode> status();

    /**
     * @return the fleet object of the API, or empty when the transport keeps no fleet
     * @throws DrainControlException if the fleet cannot be read now
     */
    Optional<JsonNode> fleet();

    /** @return where this client sends requests, for messages */
    String where();

    @Override
    void close();

    /**
     * What came of a drain.
     *
     * @param principal who the request is recorded as
     * @param requestedAt when it was written
     * @param draining whether the gateway showed this request within the confirmation wait
     * @param ignored why the gateway treats it as stale ({@code epoch}, {@code expired}, {@code max_age}), if it does
     */
    record DrainAnswer(String principal, Instant requestedAt, boolean draining, Optional<String> ignored) {
    }
}
