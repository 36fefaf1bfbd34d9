package org.gatewaydrain.server;

import org.gatewaydrain.client.ApiObjects;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway status}: the gateway's state, in-flight count and drain; or the fleet's. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the gateway's state and in-flight turns.")
final class StatusCommand extends ClientCommand {

    @Option(names = "--json", description = "Print the status object (or the fleet object) of the HTTP API as JSON.")
    boolean json;

    @Option(names = "--fleet", description = "Every instance of the fleet, as a table (a fleet transport such as zookeeper).")
    boolean fleet;

    @Override
    int call(ControlClient client) {
        if (fleet) {
            FleetReading all = client.fleet();
            if (!(all instanceof FleetReading.Instances instances)) {
                return refused(all instanceof FleetReading.Unknown unknown ? unreadable("the fleet's statuses", client,
                        unknown.cause()) : client.where() + " keeps no fleet; drop --fleet.");
            }
            parent.lines().say(json ? ApiObjects.prettyJson(ApiObjects.fleet(instances)) : table(instances));
            return ExitCodes.OK;
        }
        StatusReading status = client.status();
        if (!(status instanceof StatusReading.Published published)) {
            return refused(status instanceof StatusReading.Unknown unknown ? unreadable("the gateway's status", client,
                    unknown.cause()) : "no gateway has published a status via " + client.where() + " yet.");
        }
        parent.lines().say(json ? ApiObjects.prettyJson(ApiObjects.status(published)) : describe(published));
        return ExitCodes.OK;
    }

    private int refused(String sentence) {
        parent.lines().fail(sentence);
        return ExitCodes.FAILED;
    }

    private static String unreadable(String what, ControlClient client, String cause) {
        return what + " cannot be read via " + client.where() + ": " + Console.safe(cause) + ".";
    }

    private static String table(FleetReading.Instances fleet) {
        StringBuilder text = new StringBuilder(String.format("%-24s %-16s %-9s %9s  %-8s %s%n", "instance", "host", "state",
                "in flight", "channel", "live"));
        for (StatusReading.Published instance : fleet.instances()) {
            RuntimeStatus s = instance.status();
            text.append(String.format("%-24s %-16s %-9s %9d  %-8s %s%n", Console.safe(s.instanceId()),
                    Console.safe(s.host()), s.state().wireName(), s.activeTurns(), s.controlChannel().wireName(),
                    instance.live() ? "yes" : "no"));
        }
        for (FleetReading.Invalid invalid : fleet.invalid()) {
            text.append(String.format("%-24s invalid, not counted: %s%n", Console.safe(invalid.name()),
                    Console.safe(invalid.why())));
        }
        return text.append("fleet: ").append(fleet.live().size()).append(" live, ").append(fleet.draining().size())
                .append(" draining").append(fleet.quiesced() ? ", quiesced" : "")
                .append(fleet.invalid().isEmpty() ? "" : ", " + fleet.invalid().size() + " invalid").toString();
    }

    private static String describe(StatusReading.Published published) {
        RuntimeStatus s = published.status();
        StringBuilder text = new StringBuilder();
        text.append("state:           ").append(s.state().wireName()).append(s.quiesced() ? " (quiesced)" : "").append('\n');
        text.append("in flight:       ").append(s.activeTurns()).append('\n');
        s.drain().ifPresent(drain -> text.append("drain:           by ").append(Console.safe(drain.principal()))
                .append(" at ").append(Console.time(drain.requestedAt()))
                .append(drain.reason().map(reason -> " (" + Console.safe(reason) + ")").orElse("")).append('\n'));
        s.drain().flatMap(drain -> drain.policy().deadlineAt().map(at -> drain.deadlinePassed()
                .map(passed -> "passed " + Console.time(passed.at()) + ": " + (passed.action() == OnDeadline.STOP
                        ? "stopping" : passed.interrupted() + " turn(s) interrupted"))
                .orElse(Console.time(at) + ", then " + drain.policy().onDeadline().wireName())))
                .ifPresent(line -> text.append("deadline:        ").append(line).append('\n'));
        s.drain().filter(drain -> drain.policy().hasGrace()).ifPresent(drain -> text.append("session grace:   ")
                .append(drain.policy().sessionGrace().toSeconds()).append(" s; ")
                .append(drain.grace().map(grace -> grace.sessions() + " conversation(s) in grace until "
                        + Console.time(grace.endsAt())).orElse("none in grace")).append('\n'));
        text.append("control channel: ").append(s.controlChannel().wireName()).append('\n');
        s.drainIgnored().ifPresent(ignored -> text.append("ignored:         request by ")
                .append(Console.safe(ignored.principal())).append(" at ").append(Console.time(ignored.requestedAt()))
                .append(" (").append(ignored.why().wireName()).append(")\n"));
        text.append("instance:        ").append(Console.safe(s.instanceId())).append(" on ").append(Console.safe(s.host()))
                .append('\n');
        s.url().ifPresent(url -> text.append("url:             ").append(url).append('\n'));
        text.append("pid:             ").append(s.pid()).append(published.live() ? " (live)" : " (not running)").append('\n');
        return text.append("updated:         ").append(Console.time(s.updatedAt())).toString();
    }
}
