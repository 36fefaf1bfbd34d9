package org.gatewaydrain.server;

import java.util.concurrent.Callable;
import org.gatewaydrain.http.TokenAuthenticator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code gateway control-plane}: the control routes over a home that a gateway in another process watches. */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "Serve only the control routes (drain, status, events, health) over a home that a gateway"
                + " in another process watches.")
final class ControlPlaneCommand implements Callable<Integer> {

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
        GatewayServer server = GatewayServer.controlPlane(config, authenticator);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop("signal"), "control-plane-shutdown"));
        parent.out.println("Control plane running on http://" + config.bind() + ":" + server.port() + " over the home "
                + config.home() + ".");
        parent.out.flush();
        server.awaitStopped();
        return ExitCodes.OK;
    }
}
