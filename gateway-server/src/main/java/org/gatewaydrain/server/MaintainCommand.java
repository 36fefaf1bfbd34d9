package org.gatewaydrain.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.DrainTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gateway maintain --exec CMD}: the maintenance runbook as one command, a
 * {@link MaintenanceWindow} on the gateway this client reaches. The exit code says which step
 * ended it.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = "Drain, wait until quiesced, run a command, then resume: one maintenance window.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, the gateway runs again", "1:the command failed (or the drain, or the resume)",
                "2:usage error", "3:not quiesced within --timeout; the command was not run",
                "4:interrupted (Ctrl-C, SIGTERM, SIGHUP)"})
final class MaintainCommand extends ClientCommand {

    @Option(names = "--exec", required = true, paramLabel = "CMD",
            description = "The maintenance, run with sh -c once the gateway is quiesced.")
    String command;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10m", paramLabel = "DURATION",
            description = "How long to wait for quiesce, and then for the gateway to run again (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--on-failure", defaultValue = "resume", paramLabel = "resume|stay-drained",
            converter = MaintenanceWindow.OnFailureConverter.class,
            description = "After a failed command or an interruption: cancel the drain (resume, the default) or keep it.")
    MaintenanceWindow.OnFailure onFailure;

    @Option(names = "--principal", description = "Who asks, on the transport directly (default: your user name).")
    String principal;

    @Override
    int call(ControlClient client) throws Exception {
        String who = Optional.ofNullable(principal).orElse(System.getProperty("user.name", "operator"));
        MaintenanceWindow window = new MaintenanceWindow(client, DrainTarget.OWN, command, timeout, onFailure, who,
                status -> {
                    Map<String, String> env = new HashMap<>();
                    status.map(s -> s.path("instance_id").asText("")).filter(id -> !id.isEmpty())
                            .ifPresent(id -> env.put("GATEWAY_INSTANCE_ID", id));
                    env.put("GATEWAY_URL", remote.url != null ? remote.url.toString() : localUrl());
                    env.put("GATEWAY_HOME", options.load(parent.env, Map.of()).home().toString());
                    return env;
                }, parent.out, parent.err);
        try (SignalExit interrupted = SignalExit.during(parent.err, window.leftBehind(), window::interrupt)) {
            return window.run().outcome().exitCode;
        }
    }

    private String localUrl() {
        ServerConfig config = options.load(parent.env, Map.of());
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return "http://" + host + ":" + config.port();
    }
}
