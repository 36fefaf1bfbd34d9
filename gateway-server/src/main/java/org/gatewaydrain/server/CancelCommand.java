package org.gatewaydrain.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code gateway cancel}: withdraw the drain request; the gateway admits turns again. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Withdraw the drain request; the gateway resumes admitting new turns.")
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCommand parent;

    @Mixin
    Options.Home home;

    @Mixin
    Options.Remote remote;

    @Override
    public Integer call() {
        try (ControlClient client = parent.client(home, remote)) {
            boolean wasThere = client.cancel();
            parent.out.println(wasThere ? "Drain cancelled via " + client.where() + "; new turns are admitted again."
                    : "No drain was requested via " + client.where() + "; nothing to cancel.");
            return ExitCodes.OK;
        }
    }
}
