package org.gatewaydrain.server;

import org.gatewaydrain.http.TokenAuthenticator;
import picocli.CommandLine.Command;

/** {@code gateway control-plane}: the control routes over a home that a gateway in another process watches. */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "Serve only the control routes (drain, status, events, health) over a home that a gateway"
                + " in another process watches.")
final class ControlPlaneCommand extends ServingCommand {

    @Override
    GatewayServer start(ServerConfig config, TokenAuthenticator authenticator) {
        return GatewayServer.controlPlane(config, authenticator);
    }

    @Override
    String banner(ServerConfig config, int port) {
        return "Control plane running on http://" + config.bind() + ":" + port + " over the home " + config.home() + ".";
    }
}
