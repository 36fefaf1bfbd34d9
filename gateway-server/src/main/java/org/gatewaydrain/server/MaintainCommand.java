package org.gatewaydrain.server;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.http.DrainControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gateway maintain --exec CMD}: the maintenance runbook as one command. Drain, wait
 * until quiesced, run CMD, cancel the drain and wait until the gateway runs again. When the
 * wait times out CMD is not run; when CMD fails or the command is interrupted, the drain is
 * cancelled ({@code --on-failure resume}, the default) or kept ({@code stay-drained}). The
 * exit code says which step ended it.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = "Drain, wait until quiesced, run a command, then resume: one maintenance window.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, the gateway runs again", "1:the command failed (or the drain, or the resume)",
                "2:usage error", "3:not quiesced within --timeout; the command was not run",
                "4:interrupted (Ctrl-C, SIGTERM, SIGHUP)"})
final class MaintainCommand extends ClientCommand {

    /** What a failed or interrupted window does with the drain. */
    enum OnFailure {
        /** Cancel the drain: the gateway takes turns again. */
        RESUME,
        /** Keep the drain: someone looks before turns start again. */
        STAY_DRAINED;

        static OnFailure parse(String text) {
            return switch (text) {
                case "resume" -> RESUME;
                case "stay-drained" -> STAY_DRAINED;
                default -> throw new IllegalArgumentException("'" + text + "' is not resume or stay-drained");
            };
        }
    }

    /** How long an interrupted command gets to end after SIGTERM before it is killed. */
    private static final Duration COMMAND_GRACE = Duration.ofSeconds(10);
    private static final int REASON_LIMIT = 200;

    @Option(names = "--exec", required = true, paramLabel = "CMD",
            description = "The maintenance, run with sh -c once the gateway is quiesced.")
    String command;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10m", paramLabel = "DURATION",
            description = "How long to wait for quiesce, and then for the gateway to run again (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--on-failure", defaultValue = "resume", paramLabel = "resume|stay-drained",
            converter = OnFailureConverter.class,
            description = "After a failed command or an interruption: cancel the drain (resume, the default) or keep it.")
    OnFailure onFailure;

    @Option(names = "--principal", description = "Who asks, on the transport directly (default: your user name).")
    String principal;

    @Override
    int call(ControlClient client) throws Exception {
        String who = Optional.ofNullable(principal).orElse(System.getProperty("user.name", "operator"));
        AtomicReference<Process> running = new AtomicReference<>();
        String keptOrCancelled = onFailure == OnFailure.RESUME ? "the drain is cancelled." : "the drain stays in place.";
        try (SignalExit interrupted = SignalExit.during(parent.err, keptOrCancelled, () -> afterInterrupt(client, running))) {
            ControlClient.DrainAnswer answer = client.drain(who, new DrainControl.DrainOrder(
                    Optional.of(reason()), Optional.empty(), false, DrainTarget.OWN));
            if (answer.ignored().isPresent()) {
                parent.err.println("gateway: the gateway ignores the drain request as stale (" + answer.ignored().get()
                        + "); nothing was run.");
                return ExitCodes.FAILED;
            }
            say("Draining via " + client.where() + " for: " + command);
            int quiesced = QuiesceWait.until(client, DrainTarget.OWN, timeout, parent.out, parent.err);
            if (quiesced != ExitCodes.OK) {
                parent.err.println("gateway: not quiesced; the command was not run; " + settle(client));
                return quiesced;
            }
            say("Running: " + command);
            int exit = run(client, running);
            if (exit != 0) {
                parent.err.println("gateway: the command exited with " + exit + "; " + settle(client));
                return ExitCodes.FAILED;
            }
            say("The command succeeded; cancelling the drain.");
            client.cancel(DrainTarget.OWN);
            return awaitRunning(client);
        }
    }

    private String reason() {
        String reason = "maintain: " + command.strip();
        return reason.length() <= REASON_LIMIT ? reason : reason.substring(0, REASON_LIMIT - 1) + "…";
    }

    /** Runs CMD with the gateway's identity in its environment and its output passed through. */
    private int run(ControlClient client, AtomicReference<Process> running) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).inheritIO();
        Map<String, String> env = builder.environment();
        client.status().map(s -> s.path("instance_id").asText("")).filter(id -> !id.isEmpty())
                .ifPresent(id -> env.put("GATEWAY_INSTANCE_ID", id));
        env.put("GATEWAY_URL", remote.url != null ? remote.url.toString() : localUrl());
        env.put("GATEWAY_HOME", options.load(parent.env, Map.of()).home().toString());
        parent.out.flush();
        Process process = builder.start();
        running.set(process);
        try {
            return process.waitFor();
        } finally {
            running.set(null);
        }
    }

    private String localUrl() {
        ServerConfig config = options.load(parent.env, Map.of());
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return "http://" + host + ":" + config.port();
    }

    /** After a failure: cancels the drain or keeps it, as asked, and says which. */
    private String settle(ControlClient client) {
        if (onFailure == OnFailure.STAY_DRAINED) {
            return "the drain stays in place (--on-failure stay-drained); cancel it with gateway cancel.";
        }
        try {
            client.cancel(DrainTarget.OWN);
            return "the drain is cancelled.";
        } catch (DrainControlException e) {
            return "the drain could not be cancelled (" + e.getMessage() + "); cancel it with gateway cancel.";
        }
    }

    /** In the shutdown hook: ends CMD if it runs, then settles the drain as asked. */
    private void afterInterrupt(ControlClient client, AtomicReference<Process> running) {
        Process process = running.get();
        if (process != null) {
            // The shell and whatever it started: a shell does not pass SIGTERM on to its children.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(COMMAND_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
        if (onFailure == OnFailure.RESUME) {
            try {
                client.cancel(DrainTarget.OWN);
            } catch (RuntimeException e) {
                parent.err.println("gateway: the drain could not be cancelled (" + e.getMessage()
                        + "); cancel it with gateway cancel.");
            }
        }
    }

    /** @return OK once the gateway shows running (which is when it is ready), FAILED if it does not in time */
    private int awaitRunning(ControlClient client) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> state;
            try {
                state = client.status().map(s -> s.path("gateway_state").asText());
            } catch (DrainControlException e) {
                state = Optional.empty();
            }
            if (state.filter("running"::equals).isPresent()) {
                say("The gateway runs again and is ready.");
                return ExitCodes.OK;
            }
            if (System.nanoTime() >= deadline) {
                parent.err.println("gateway: the drain is cancelled, but the gateway did not show running within "
                        + timeout.toSeconds() + " s (it shows " + state.orElse("no status") + ").");
                return ExitCodes.FAILED;
            }
            Sleeper.pause(QuiesceWait.POLL);
        }
    }

    private void say(String line) {
        parent.out.println(line);
        parent.out.flush();
    }

    /** Reads {@code resume} or {@code stay-drained}. */
    static final class OnFailureConverter implements picocli.CommandLine.ITypeConverter<OnFailure> {
        @Override
        public OnFailure convert(String value) {
            return OnFailure.parse(value);
        }
    }
}
