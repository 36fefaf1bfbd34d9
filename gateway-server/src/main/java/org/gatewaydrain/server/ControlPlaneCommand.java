package org.gatewaydrain.server;

import java.util.List;
import org.gatewaydrain.client.TransportFeed;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.http.TokenAuthenticator;
import picocli.CommandLine.Command;

/** {@code gateway control-plane}: the control routes over a transport that gateways in other processes watch. */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "Serve only the control routes (drain, status, events, health) over a transport that gateways"
                + " in other processes watch.")
final class ControlPlaneCommand extends ServingCommand {

    @Override
    GatewayServer start(ServerConfig config, TokenAuthenticator authenticator) {
        DrainTransport transport = config.openTransport();
        TransportFeed status = null;
        try {
            status = new TransportFeed(transport.statusStore());
            DrainHttpServer http = DrainHttpServer.start(DrainRoutes.builder().channel(transport.channel()).status(status)
                    .rollouts(transport.rollouts()).authenticator(authenticator).limits(config.limits()).build(), config.bind(), config.port());
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
