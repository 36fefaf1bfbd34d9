package org.gatewaydrain.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.client.MaintenanceWindow;
import org.gatewaydrain.client.RolloutWalk;
import org.gatewaydrain.client.ShellCommandRunner;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.client.TransportClient;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.spi.RolloutLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.gatewaydrain.server.webhook.RolloutWebhooks;
import org.gatewaydrain.server.webhook.Webhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gateway rollout --exec CMD}: a {@link RolloutWalk} across the fleet, a maintenance
 * window on every live instance in turn under the disruption budget, with one lock per cluster
 * and its progress recorded so {@code --resume} continues after a crash.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Maintain every live instance of a fleet in turn under a disruption budget (zookeeper transport).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every live instance done (instances that were gone are reported as skipped)",
                "1:an instance failed (the rollout stopped there); or refused: another rollout holds the lock, no live"
                        + " instance, no fleet, nothing to resume, a different --exec, an unfinished rollout without"
                        + " --discard; or the fleet cannot be read", "2:usage error",
                "3:an instance was not quiesced within --timeout, or the budget stayed full for --timeout",
                "4:interrupted (Ctrl-C, SIGTERM, SIGHUP); continue with --resume"})
final class RolloutCommand extends ClientCommand {

    @Option(names = "--exec", paramLabel = "CMD",
            description = "The maintenance, run with sh -c on each instance once it is quiesced. With --resume, repeat"
                    + " the recorded command exactly: nothing read from the cluster is ever run (--dry-run --resume shows it).")
    String command;

    @Option(names = "--max-draining", paramLabel = "N|P%", converter = Options.MaxDrainingConverter.class,
            description = "At most this many instances drained at once, counting drains by others: a count or a share"
                    + " of the live fleet (default 1; with --resume: the recorded one).")
    MaxDraining maxDraining;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10m", paramLabel = "DURATION",
            description = "Per instance: how long to wait for quiesce, and then for it to run again; also how long to"
                    + " wait while the budget is full (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--on-failure", defaultValue = "resume", paramLabel = "resume|stay-drained",
            converter = Options.OnFailureConverter.class,
            description = "For the instance that fails or is interrupted: cancel its drain (resume, the default) or keep it.")
    MaintenanceWindow.OnFailure onFailure;

    @Mixin
    Options.Timing timing;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--resume", description = "Continue the cluster's interrupted or failed rollout; finished instances"
            + " are not visited again.")
    boolean resume;

    @Option(names = "--discard", description = "Start a new rollout even though the recorded one is unfinished.")
    boolean discard;

    @Mixin
    Options.Principal principal;

    @Override
    Optional<String> principal() {
        return principal.name();
    }

    @Override
    Optional<String> usageError() {
        if (remote.url != null) {
            return Optional.of("rollout takes the cluster's lock in the transport itself; drop --url and run it with the"
                    + " fleet transport's settings (e.g. zookeeper.connect).");
        }
        Optional<String> wrongTiming = timing.usageError();
        if (wrongTiming.isPresent()) {
            return wrongTiming;
        }
        if (resume && discard) {
            return Optional.of("--resume continues the recorded rollout and --discard replaces it; choose one.");
        }
        if (command == null && !(resume && dryRun)) {
            return Optional.of(resume ? "--resume runs only the command you give: repeat the recorded one with --exec CMD"
                    + " (gateway rollout --resume --dry-run shows it)." : "name the maintenance with --exec CMD.");
        }
        return Optional.empty();
    }

    @Override
    int call(ControlClient client) {
        Optional<RolloutLedger> ledger = client.ledger();
        if (ledger.isEmpty()) {
            parent.lines().fail(client.where() + " keeps no fleet; rollout needs a fleet transport such as"
                    + " zookeeper. For one gateway use gateway maintain.");
            return ExitCodes.FAILED;
        }
        RolloutLines lines = new RolloutLines(client.where(), timeout, parent.lines());
        try (Webhooks webhooks = Webhooks.start(config().webhooks(), new SimpleMeterRegistry())) {
            RolloutWebhooks heard = new RolloutWebhooks(lines, webhooks);
            RolloutWalk walk = new RolloutWalk(client, ledger.get(), Clock.systemUTC(), new ShellCommandRunner(), heard,
                    StatusWatch.Pace.DEFAULT);
            return walk(client, walk, lines, heard);
        }
    }

    private int walk(ControlClient client, RolloutWalk walk, RolloutLines lines, RolloutWebhooks heard) {
        RolloutWalk.Request request = new RolloutWalk.Request(Optional.ofNullable(command), Optional.ofNullable(maxDraining),
                timeout, onFailure, principal.name().orElseGet(TransportClient::defaultPrincipal), resume, discard, Map.of(),
                timing.timing());
        RolloutWalk.Prepared prepared = walk.prepare(request);
        if (!(prepared instanceof RolloutWalk.Prepared.Ready ready)) {
            lines.refused(prepared);
            return ExitCodes.of(prepared);
        }
        if (dryRun) {
            lines.plan(ready, client.fleet(), resume);
            return ExitCodes.OK;
        }
        String leftBehind = "rollout " + ready.rollout().id() + " is recorded as interrupted; the instance(s) in progress"
                + " were " + (onFailure == MaintenanceWindow.OnFailure.RESUME ? "resumed" : "left drained")
                + ". Continue with gateway rollout --resume.";
        try (SignalExit interrupted = SignalExit.during(parent.err, () -> {
            walk.interrupt();
            client.close(); // ends a ZooKeeper session now: the lock is free at once, not after the session timeout
            return leftBehind;
        })) {
            RolloutWalk.Result result = walk.run(ready, request);
            lines.ended(result);
            heard.finished(result);
            return ExitCodes.of(result);
        }
    }
}
