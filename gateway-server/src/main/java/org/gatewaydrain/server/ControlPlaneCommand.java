package org.gatewaydrain.server;

import java.time.Duration;
import java.util.List;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.http.StatusSource;
import org.gatewaydrain.http.TokenAuthenticator;
import picocli.CommandLine.Command;

/** {@code gateway control-plane}: the control routes over a transport that gateways in other processes watch. */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "Serve only the control routes (drain, status, events, health) over a transport that gateways"
                + " in other processes watch.")
final class ControlPlaneCommand extends ServingCommand {

    /** How often the published status is read. */
    private static final Duration POLL = Duration.ofMillis(100);

    @Override
    GatewayServer start(ServerConfig config, TokenAuthenticator authenticator) {
        DrainTransport transport = config.openTransport();
        StatusSource status = null;
        try {
            status = StatusSource.polling(transport.statusStore(), POLL);
            DrainHttpServer http = DrainHttpServer.start(DrainRoutes.builder().channel(transport.channel()).status(status)
                    .fleet(transport.statusStore()).rollouts(transport.rollouts())
                    .authenticator(authenticator).limits(config.limits()).build(), config.bind(), config.port());
            return new GatewayServer(http, reason -> { }, List.of(status, transport));
        } catch (RuntimeException e) {
            GatewayServer.closeQuietly(transport, status);
            throw e;
        }
    }

    @Override
    String banner(ServerConfig config, int port) {
        return "Control plane running on http://" + config.bind() + ":" + port + " over the " + config.transport().name()
                + " transport (home " + config.home() + ").";
    }
}
