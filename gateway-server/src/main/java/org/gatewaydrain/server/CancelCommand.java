package org.gatewaydrain.server;

import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.core.DrainTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/** {@code gateway cancel}: withdraw the drain request; the gateway admits turns again. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Withdraw the drain request; the gateway resumes admitting new turns.")
final class CancelCommand extends ClientCommand {

    @ArgGroup(exclusive = true)
    Options.Target target = new Options.Target();

    @Override
    int call(ControlClient client) {
        DrainTarget whom = target.target();
        boolean wasThere = client.cancel(whom);
        String which = Console.describe(whom);
        parent.lines().say(wasThere ? "Drain" + which + " cancelled via " + client.where() + "; new turns are admitted again."
                : "No drain" + which + " was requested via " + client.where() + "; nothing to cancel.");
        return ExitCodes.OK;
    }
}
