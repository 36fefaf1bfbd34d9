package org.gatewaydrain.server;

import picocli.CommandLine.Command;

/** {@code gateway cancel}: withdraw the drain request; the gateway admits turns again. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Withdraw the drain request; the gateway resumes admitting new turns.")
final class CancelCommand extends ClientCommand {

    @Override
    int call(ControlClient client) {
        boolean wasThere = client.cancel();
        parent.out.println(wasThere ? "Drain cancelled via " + client.where() + "; new turns are admitted again."
                : "No drain was requested via " + client.where() + "; nothing to cancel.");
        return ExitCodes.OK;
    }
}
