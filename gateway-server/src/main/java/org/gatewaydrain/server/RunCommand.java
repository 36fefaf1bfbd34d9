package org.gatewaydrain.server;

import java.util.concurrent.Callable;
import org.gatewaydrain.http.TokenAuthenticator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code gateway run}: the gateway with every route, until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway and its HTTP API until SIGTERM (which drains in-flight turns first).")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCommand parent;

    @Mixin
    Options.Home home;

    @Mixin
    Options.Serve serve;

    @Override
    public Integer call() {
        ServerConfig config = home.load(parent.env, serve.flags());
        TokenAuthenticator authenticator = TokenSetup.authenticator(config, parent.env, parent.out::println);
        GatewayServer server = GatewayServer.gateway(config, authenticator);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop("signal"), "gateway-shutdown"));
        parent.out.println("Gateway running on http://" + config.bind() + ":" + server.port() + " (home "
                + config.home() + ", transport " + config.transport() + "). Stop with SIGTERM or Ctrl-C.");
        parent.out.flush();
        server.awaitStopped();
        return ExitCodes.OK;
    }
}
