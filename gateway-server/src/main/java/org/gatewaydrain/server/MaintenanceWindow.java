package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.http.DrainControl;

/**
 * One gateway's maintenance: drain it, wait until it is quiesced, run the command, cancel the
 * drain and wait until it runs again. {@code gateway maintain} runs one on its own gateway,
 * {@code gateway rollout} one per instance of a fleet. When the wait times out the command is
 * not run; when it fails, or the window is {@linkplain #interrupt() interrupted}, the drain is
 * cancelled or kept as {@link OnFailure} says.
 */
final class MaintenanceWindow {

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

    /** Reads {@code resume} or {@code stay-drained}. */
    static final class OnFailureConverter implements picocli.CommandLine.ITypeConverter<OnFailure> {
        @Override
        public OnFailure convert(String value) {
            return OnFailure.parse(value);
        }
    }

    /** How a window ended. */
    enum Outcome {
        /** The command succeeded and the gateway runs again. */
        DONE(ExitCodes.OK),
        /** The gateway treats the drain request as stale; nothing was run. */
        IGNORED(ExitCodes.FAILED),
        /** No live gateway publishes a status for the target (it is gone); nothing was run. */
        GONE(ExitCodes.FAILED),
        /** Not quiesced within the timeout; the command was not run. */
        NOT_QUIESCED(ExitCodes.TIMED_OUT),
        /** The command exited with a failure. */
        COMMAND_FAILED(ExitCodes.FAILED),
        /** The command succeeded and the drain is cancelled, but the gateway did not show running in time. */
        NOT_RUNNING_AGAIN(ExitCodes.FAILED);

        final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /**
     * @param outcome how it ended
     * @param detail one sentence on what happened, for the log of a rollout
     */
    record Result(Outcome outcome, String detail) {
    }

    /** How long an interrupted command gets to end after SIGTERM before it is killed. */
    private static final Duration COMMAND_GRACE = Duration.ofSeconds(10);
    private static final int REASON_LIMIT = 200;

    private final ControlClient client;
    private final DrainTarget target;
    private final String command;
    private final Duration timeout;
    private final OnFailure onFailure;
    private final String principal;
    private final Function<Optional<JsonNode>, Map<String, String>> environment;
    private final PrintWriter out;
    private final PrintWriter err;
    private final AtomicReference<Process> running = new AtomicReference<>();
    private volatile java.util.function.Consumer<String> phases = phase -> { };

    /**
     * @param environment what the command gets in its environment, from the target's status (if read)
     */
    MaintenanceWindow(ControlClient client, DrainTarget target, String command, Duration timeout, OnFailure onFailure,
            String principal, Function<Optional<JsonNode>, Map<String, String>> environment, PrintWriter out,
            PrintWriter err) {
        this.client = client;
        this.target = target;
        this.command = command;
        this.timeout = timeout;
        this.onFailure = onFailure;
        this.principal = principal;
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /**
     * @param listener told each step as it begins ({@code waiting for quiesce}, {@code running the
     *     command}, {@code resuming}), on the thread that runs the window
     * @return this window
     */
    MaintenanceWindow onPhase(java.util.function.Consumer<String> listener) {
        this.phases = listener;
        return this;
    }

    /** @return what is left once an interrupted window has cleaned up, for the message */
    String leftBehind() {
        return onFailure == OnFailure.RESUME ? "the drain is cancelled." : "the drain stays in place.";
    }

    /** Runs the window. */
    Result run() throws IOException, InterruptedException {
        ControlClient.DrainAnswer answer = client.drain(principal, new DrainControl.DrainOrder(
                Optional.of(reason()), Optional.empty(), false, target));
        if (answer.ignored().isPresent()) {
            err.println("gateway: the gateway ignores the drain request as stale (" + answer.ignored().get()
                    + "); nothing was run.");
            return new Result(Outcome.IGNORED, "the drain request was ignored as stale (" + answer.ignored().get() + ")");
        }
        say("Draining" + QuiesceWait.describe(target) + " via " + client.where() + " for: " + command);
        phases.accept("waiting for quiesce");
        int quiesced = QuiesceWait.until(client, target, timeout, out, err);
        if (quiesced == ExitCodes.FAILED) {
            err.println("gateway: not running the command; " + settle(onFailure));
            return new Result(Outcome.GONE, "gone while waiting for quiesce; the command was not run");
        }
        if (quiesced != ExitCodes.OK) {
            err.println("gateway: not quiesced; the command was not run; " + settle(onFailure));
            return new Result(Outcome.NOT_QUIESCED, "not quiesced within " + timeout.toSeconds() + " s; the command"
                    + " was not run");
        }
        say("Running: " + command);
        phases.accept("running the command");
        int exit = runCommand();
        if (exit != 0) {
            err.println("gateway: the command exited with " + exit + "; " + settle(onFailure));
            return new Result(Outcome.COMMAND_FAILED, "the command exited with " + exit);
        }
        say("The command succeeded; cancelling the drain.");
        phases.accept("resuming");
        client.cancel(target);
        return awaitRunning();
    }

    private String reason() {
        String reason = "maintain: " + command.strip();
        return reason.length() <= REASON_LIMIT ? reason : reason.substring(0, REASON_LIMIT - 1) + "…";
    }

    /** Runs the command with the gateway's identity in its environment and its output passed through. */
    private int runCommand() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).inheritIO();
        Optional<JsonNode> status;
        try {
            status = QuiesceWait.statusOf(client, target);
        } catch (DrainControlException unreadable) {
            status = Optional.empty();
        }
        builder.environment().putAll(environment.apply(status));
        out.flush();
        Process process = builder.start();
        running.set(process);
        try {
            return process.waitFor();
        } finally {
            running.set(null);
        }
    }

    /** After a failure: cancels the drain or keeps it, as asked, and says which. */
    private String settle(OnFailure choice) {
        if (choice == OnFailure.STAY_DRAINED) {
            return "the drain stays in place (--on-failure stay-drained); cancel it with gateway cancel.";
        }
        try {
            client.cancel(target);
            return "the drain is cancelled.";
        } catch (DrainControlException e) {
            return "the drain could not be cancelled (" + e.getMessage() + "); cancel it with gateway cancel.";
        }
    }

    /** From a shutdown hook: ends the command if it runs, then settles the drain as asked. */
    void interrupt() {
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
                client.cancel(target);
            } catch (RuntimeException e) {
                err.println("gateway: the drain" + QuiesceWait.describe(target) + " could not be cancelled ("
                        + e.getMessage() + "); cancel it with gateway cancel.");
            }
        }
    }

    /** Waits until the target shows running (which is when it is ready); a restarting gateway may be gone a while. */
    private Result awaitRunning() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> state;
            try {
                state = QuiesceWait.statusOf(client, target).filter(s -> s.path("live").asBoolean())
                        .map(s -> s.path("gateway_state").asText());
            } catch (DrainControlException e) {
                state = Optional.empty();
            }
            if (state.filter("running"::equals).isPresent()) {
                say("The gateway" + QuiesceWait.describe(target) + " runs again and is ready.");
                return new Result(Outcome.DONE, "maintained; running again");
            }
            if (System.nanoTime() >= deadline) {
                String shows = state.orElse("no live status");
                err.println("gateway: the drain is cancelled, but the gateway" + QuiesceWait.describe(target)
                        + " did not show running within " + timeout.toSeconds() + " s (it shows " + shows + ").");
                return new Result(Outcome.NOT_RUNNING_AGAIN, "the command succeeded, but it did not show running within "
                        + timeout.toSeconds() + " s (it shows " + shows + ")");
            }
            Sleeper.pause(QuiesceWait.POLL);
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
