package org.gatewaydrain.server;

import java.util.List;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.gateway.GatewayHttp;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.RuntimeSettings;
import picocli.CommandLine.Command;

/** {@code gateway run}: the gateway with every route, until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway and its HTTP API until SIGTERM (which drains in-flight turns first).")
final class RunCommand extends ServingCommand {

    /** Opens the transport, starts the gateway (it reads the channel before admitting anything), then its HTTP API. */
    @Override
    GatewayServer start(ServerConfig config, TokenAuthenticator authenticator) {
        DrainTransport transport = config.openTransport();
        Gateway gateway = null;
        try {
            gateway = Gateway.builder()
                    .transport(transport)
                    .turnHandler(new DemoTurnHandler(config.demoTurnDelay()))
                    .settings(new RuntimeSettings(config.watcherInterval(), config.drainTimeout(), config.statusHeartbeat()))
                    .instanceId(config.instanceId())
                    .start();
            DrainHttpServer http = DrainHttpServer.start(GatewayHttp.routes(gateway, transport.channel())
                    .authenticator(authenticator).limits(config.limits()).build(), config.bind(), config.port());
            Gateway started = gateway;
            return new GatewayServer(http, reason -> started.shutdown(config.drainTimeout(), reason), List.of(transport));
        } catch (RuntimeException e) {
            if (gateway != null) {
                gateway.shutdown(java.time.Duration.ZERO, "start-up failed");
            }
            GatewayServer.closeQuietly(transport);
            throw e;
        }
    }

    @Override
    String banner(ServerConfig config, int port) {
        return "Gateway running on http://" + config.bind() + ":" + port + " (home " + config.home() + ", transport "
                + config.transport().name() + ", instance " + config.instanceId() + "). Stop with SIGTERM or Ctrl-C.";
    }
}
