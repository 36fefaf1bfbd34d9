package org.gatewaydrain.server;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.client.MaintenanceWindow;
import org.gatewaydrain.client.ShellCommandRunner;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.core.DrainTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gateway maintain --exec CMD}: the maintenance runbook as one command, a
 * {@link MaintenanceWindow} on the gateway this client reaches. The exit code says which step
 * ended it.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = "Drain, wait until quiesced, run a command, then resume: one maintenance window.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, the gateway runs again", "1:the command failed (or the drain, or the resume), or no live"
                + " gateway is there", "2:usage error", "3:not quiesced within --timeout; the command was not run",
                "4:interrupted (Ctrl-C, SIGTERM, SIGHUP)"})
final class MaintainCommand extends ClientCommand {

    @Option(names = "--exec", required = true, paramLabel = "CMD",
            description = "The maintenance, run with sh -c once the gateway is quiesced, with GATEWAY_INSTANCE_ID,"
                    + " GATEWAY_URL (where the gateway says it serves, or --url) and GATEWAY_HOME set.")
    String command;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10m", paramLabel = "DURATION",
            description = "How long to wait for quiesce, and then for the gateway to run again (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--on-failure", defaultValue = "resume", paramLabel = "resume|stay-drained",
            converter = Options.OnFailureConverter.class,
            description = "After a failed command or an interruption: cancel the drain (resume, the default) or keep it.")
    MaintenanceWindow.OnFailure onFailure;

    @Option(names = "--reason", description = "Why, shown in the status (default: maintain); the command itself is not"
            + " shown, since it may hold what others should not read.")
    String reason;

    @Mixin
    Options.Principal principal;

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
        Map<String, String> environment = new HashMap<>();
        environment.put("GATEWAY_HOME", config().home().toString());
        if (remote.url != null) {
            // The address that reached the gateway from here; otherwise the window hands on the one the gateway publishes.
            environment.put("GATEWAY_URL", remote.url.toString());
        }
        MaintenanceWindow.Plan plan = new MaintenanceWindow.Plan(DrainTarget.OWN, command, timeout, onFailure,
                Optional.of(reason == null ? "maintain" : reason), environment, timing.timing());
        WindowLines lines = new WindowLines(DrainTarget.OWN, client.where(), command, timeout, parent.lines());
        MaintenanceWindow window = new MaintenanceWindow(client, Clock.systemUTC(), new ShellCommandRunner(), lines,
                StatusWatch.Pace.DEFAULT);
        try (SignalExit interrupted = SignalExit.during(parent.err, () -> window.interrupt().map(WindowLines::settled)
                .orElse("nothing was left drained."))) {
            MaintenanceWindow.Result result = window.run(plan);
            lines.ended(result);
            return ExitCodes.of(result);
        }
    }
}
