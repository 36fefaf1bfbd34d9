package org.gatewaydrain.server;

import org.gatewaydrain.http.TokenAuthenticator;
import picocli.CommandLine.Command;

/** {@code gateway run}: the gateway with every route, until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway and its HTTP API until SIGTERM (which drains in-flight turns first).")
final class RunCommand extends ServingCommand {

    @Override
    GatewayServer start(ServerConfig config, TokenAuthenticator authenticator) {
        return InProcessGateway.start(config, authenticator);
    }

    @Override
    String banner(ServerConfig config, int port) {
        return "Gateway running on http://" + config.bind() + ":" + port + " (home " + config.home() + ", transport "
                + config.transport().name() + ", instance " + config.instanceId() + "). Stop with SIGTERM or Ctrl-C.";
    }
}
