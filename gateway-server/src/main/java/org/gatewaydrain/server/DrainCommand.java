package org.gatewaydrain.server;

import java.time.Duration;
import java.util.Optional;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.client.DrainAnswer;
import org.gatewaydrain.client.DrainOrder;
import org.gatewaydrain.core.DrainTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gateway drain}: write the drain request, optionally wait until quiesced. */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Ask the gateway to stop starting new turns; in-flight turns finish undisturbed.")
final class DrainCommand extends ClientCommand {

    @Option(names = "--reason", description = "Why, shown in the status.")
    String reason;

    @Option(names = "--ttl", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Let the request expire by itself after this long, e.g. 30m.")
    Duration ttl;

    @Option(names = "--wait", description = "Block until no turn is in flight, showing the count as it falls.")
    boolean await;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "60s", paramLabel = "DURATION",
            description = "How long --wait waits (default ${DEFAULT-VALUE}); exit 3 when it runs out.")
    Duration timeout;

    @Option(names = "--suppress-notification", description = "Ask the gateway not to announce the drain to users.")
    boolean suppressNotification;

    @Mixin
    Options.Principal principal;

    @ArgGroup(exclusive = true)
    Options.Target target = new Options.Target();

    @Mixin
    Options.Timing timing;

    @Override
    Optional<String> usageError() {
        return timing.usageError();
    }

    @Override
    Optional<String> principal() {
        return principal.name();
    }

    @Override
    int call(ControlClient client) {
        DrainTarget whom = target.target();
        DrainAnswer answer = client.drain(new DrainOrder(whom, Optional.ofNullable(reason), Optional.ofNullable(ttl),
                suppressNotification, timing.timing()));
        if (answer.ignored().isPresent()) {
            parent.lines().fail("the drain request was written via " + client.where()
                    + " but the gateway ignores it as stale (" + answer.ignored().get().wireName()
                    + "); see drain_ignored in the status.");
            return ExitCodes.FAILED;
        }
        parent.lines().say("Drain" + Console.describe(whom) + " requested by " + Console.safe(answer.principal()) + " at "
                + Console.time(answer.requestedAt()) + " via " + client.where() + "; " + shown(whom, answer.draining())
                + ".");
        if (!await) {
            return ExitCodes.OK;
        }
        try (SignalExit interrupted = SignalExit.during(parent.err, "the drain request stays in place.")) {
            return ExitCodes.of(new QuiesceProgress(whom, client.where(), parent.lines()).await(client, timeout));
        }
    }

    private static String shown(DrainTarget whom, boolean draining) {
        if (whom instanceof DrainTarget.Fleet) {
            return draining ? "every live instance is draining" : "not every instance has shown draining yet";
        }
        return draining ? "the gateway is draining" : "the gateway has not shown draining yet";
    }
}
