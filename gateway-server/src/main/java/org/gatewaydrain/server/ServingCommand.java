package org.gatewaydrain.server;

import java.util.concurrent.Callable;
import org.gatewaydrain.http.TokenAuthenticator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What {@code run} and {@code control-plane} share: load config, set up tokens, serve until a signal. */
abstract class ServingCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCommand parent;

    @Mixin
    Options.Config options;

    @Mixin
    Options.Serve serve;

    /** Starts what this command serves. */
    abstract GatewayServer start(ServerConfig config, TokenAuthenticator authenticator);

    /** @return the line that says what now runs where */
    abstract String banner(ServerConfig config, int port);

    @Override
    public Integer call() {
        ServerConfig config = options.load(parent.env, serve.flags());
        TokenAuthenticator authenticator = TokenSetup.authenticator(config, parent.env, parent.out::println);
        GatewayServer server = start(config, authenticator);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop("signal"), "gateway-shutdown"));
        parent.out.println(banner(config, server.port()));
        parent.out.flush();
        server.awaitStopped();
        return ExitCodes.OK;
    }
}
