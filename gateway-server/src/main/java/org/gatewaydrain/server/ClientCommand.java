package org.gatewaydrain.server;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gatewaydrain.client.ControlClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * What the commands that act on a gateway share: the configuration, loaded once, and a client
 * on the selected transport or on the server at {@code --url}, closed when the command ends.
 */
abstract class ClientCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCommand parent;

    @Mixin
    Options.Config options;

    @Mixin
    Options.Remote remote;

    private ServerConfig config;

    /** Runs the command with its client. */
    abstract int call(ControlClient client) throws Exception;

    /** @return what is wrong with the command line beyond what the parser checks, if anything; nothing is opened first */
    Optional<String> usageError() {
        return Optional.empty();
    }

    /** @return who asks, when the command line says; the commands that write requests take {@code --principal} */
    Optional<String> principal() {
        return Optional.empty();
    }

    /** @return the configuration, loaded on first use */
    final ServerConfig config() {
        if (config == null) {
            config = options.load(parent.env, Map.of());
        }
        return config;
    }

    @Override
    public Integer call() throws Exception {
        Optional<String> wrong = usageError();
        if (wrong.isPresent()) {
            parent.lines().fail(wrong.get());
            return ExitCodes.USAGE;
        }
        try (ControlClient client = parent.client(config(), remote, principal())) {
            return call(client);
        }
    }
}
