package org.gatewaydrain.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.http.HttpLimits;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.server.webhook.WebhookEndpoint;

/**
 * The server's settings after merging file, environment and flags, validated. Holds no
 * runtime type, so commands that run no gateway load none. Immutable.
 *
 * @param home the gateway home
 * @param bind the address to serve on
 * @param port the port to serve on
 * @param instanceId this gateway's name among its peers
 * @param watcherInterval {@code watcher.interval}
 * @param drainTimeout {@code shutdown.drain_timeout}
 * @param statusHeartbeat {@code status.heartbeat}
 * @param turnsShown {@code status.turns_shown}: how many turns in flight the status names
 * @param graceSessions {@code drain.grace_sessions}: recent turn ends and conversations in grace kept (0: no grace)
 * @param graceMax {@code drain.grace_max}: the longest grace without a deadline; empty for 4 × the drain's grace
 * @param demoTurnDelay {@code demo.turn_delay}
 * @param turnHandler {@code turn_handler}: {@code demo}, or the class name of the agent {@code gateway run} serves
 * @param limits the HTTP caps
 * @param tokens the configured API tokens (may be empty: then the env secret or a generated token is used)
 * @param webhooks the configured webhook endpoints ({@code webhooks:} in the file)
 * @param transport the selected transport's provider
 * @param transportSettings what it is opened with
 */
record ServerConfig(Path home, String bind, int port, String instanceId, Duration watcherInterval, Duration drainTimeout,
        Duration statusHeartbeat, int turnsShown, int graceSessions, Optional<Duration> graceMax, Duration demoTurnDelay, String turnHandler, HttpLimits limits, List<TokenGrant> tokens,
        List<WebhookEndpoint> webhooks,
        DrainTransportProvider transport, TransportSettings transportSettings) {

    /** The longest a demo turn may take, by configuration or by a message's own {@code delay_ms}. */
    static final Duration MAX_DEMO_DELAY = Duration.ofSeconds(60);

    ServerConfig {
        tokens = List.copyOf(tokens);
        webhooks = List.copyOf(webhooks);
    }

    /** @return the selected transport, opened; the caller closes it */
    DrainTransport openTransport() {
        return transport.open(transportSettings);
    }
}
