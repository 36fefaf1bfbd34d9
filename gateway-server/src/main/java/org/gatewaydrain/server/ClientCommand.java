package org.gatewaydrain.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What {@code drain}, {@code cancel} and {@code status} share: a client for the transport or for {@code --url}. */
abstract class ClientCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCommand parent;

    @Mixin
    Options.Config options;

    @Mixin
    Options.Remote remote;

    /** Runs the command with a client that is closed afterwards. */
    abstract int call(ControlClient client) throws Exception;

    @Override
    public Integer call() throws Exception {
        try (ControlClient client = parent.client(options, remote)) {
            return call(client);
        }
    }
}
