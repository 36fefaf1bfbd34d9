package org.gatewaydrain.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayUrl;
import org.gatewaydrain.core.HostName;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.SafeText;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.WireNames;

/**
 * One gateway's maintenance: drain it, wait until it is quiesced, run the command, cancel the
 * drain and wait until it runs again. When the wait runs out the command is not run; when the
 * command fails, the target goes away, or the window is {@linkplain #interrupt() interrupted},
 * the drain is cancelled or kept as the plan's {@link OnFailure} says, once. The clock times the
 * waits, so a test that owns the clock owns them. {@code gateway maintain} runs one window;
 * {@link RolloutWalk} one per instance. One {@link #run} per window; {@link #interrupt} may come
 * from any thread.
 */
public final class MaintenanceWindow {

    /** How long an interrupted command gets to end after it is asked to before it is forced. */
    public static final Duration COMMAND_GRACE = Duration.ofSeconds(10);

    /** What a failed or interrupted window does with the drain. */
    public enum OnFailure {
        /** Cancel the drain: the gateway takes turns again. */
        RESUME,
        /** Keep the drain: someone looks before turns start again. */
        STAY_DRAINED;

        /** @return {@code resume} or {@code stay-drained} */
        public String wireName() {
            return WireNames.of(this).replace('_', '-');
        }

        /** @throws IllegalArgumentException unless {@code text} is {@code resume} or {@code stay-drained} */
        public static OnFailure parse(String text) {
            return WireNames.parse(OnFailure.class, text == null ? null : text.replace('-', '_'))
                    .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not resume or stay-drained"));
        }
    }

    /**
     * What the window is to do.
     *
     * @param target whom to maintain: the channel's own gateway or one instance of a fleet
     * @param command what to run once quiesced
     * @param timeout how long to wait for quiesce, and then for the gateway to run again
     * @param onFailure what a failure or an interruption does with the drain
     * @param reason the drain's reason, shown in the status
     * @param environment added to the command's environment, beside what the window adds itself
     *     where this does not say it: {@code GATEWAY_INSTANCE_ID}, {@code GATEWAY_HOST} and
     *     {@code GATEWAY_URL} from the target's status (the address it says it serves at)
     * @param timing the drain's deadline and grace: with {@code interrupt} the gateway is quiet at
     *     the deadline and the command runs; with {@code stop} the gateway stops and the window ends
     */
    public record Plan(DrainTarget target, String command, Duration timeout, OnFailure onFailure, Optional<String> reason,
            Map<String, String> environment, DrainOrder.Timing timing) {
        public Plan {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(onFailure, "onFailure");
            Objects.requireNonNull(reason, "reason");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(timing, "timing");
            if (target instanceof DrainTarget.Fleet) {
                throw new IllegalArgumentException("a maintenance window is for one gateway; roll across a fleet instead");
            }
        }

        /** A plan whose drain has neither deadline nor grace. */
        public Plan(DrainTarget target, String command, Duration timeout, OnFailure onFailure, Optional<String> reason,
                Map<String, String> environment) {
            this(target, command, timeout, onFailure, reason, environment, DrainOrder.Timing.NONE);
        }
    }

    /** The steps of a window, in order. */
    public enum Phase {
        /** Writing the drain request. */
        DRAINING,
        /** Waiting until nothing is in flight. */
        WAITING_FOR_QUIESCE,
        /** Running the command on the quiet gateway. */
        RUNNING_COMMAND,
        /** Cancelling the drain. */
        RESUMING,
        /** Waiting until the gateway shows running again. */
        WAITING_FOR_RUNNING
    }

    /** What happened to the drain when a window ended early. */
    public sealed interface Settled {
        /** Cancelled: the gateway takes turns again. */
        record Cancelled() implements Settled {
        }

        /** Kept, as the plan asked. */
        record KeptDraining() implements Settled {
        }

        /** @param why what stopped the cancel; the drain is still there */
        record CancelFailed(String why) implements Settled {
        }
    }

    /** How a window ended. */
    public sealed interface Result {
        /** @param status the gateway running again */
        record Done(RuntimeStatus status) implements Result {
        }

        /** @param why the gateway treats the request as stale; nothing was run, the request stays */
        record Ignored(StaleReason why) implements Result {
        }

        /** Nothing live publishes a status for the target any more; nothing was run. */
        record Gone(Settled settled) implements Result {
        }

        /** Not quiesced within the timeout; nothing was run. */
        record NotQuiesced(Settled settled) implements Result {
        }

        /** @param exitCode the command's; {@code -1} when it could not be started */
        record CommandFailed(int exitCode, Settled settled) implements Result {
        }

        /**
         * @param why what the target's status names that a command cannot be handed (an id or host of
         *     another shape); nothing was run
         */
        record UnsafeIdentity(String why, Settled settled) implements Result {
        }

        /** The command succeeded and the drain is cancelled, but the gateway did not show running in time. */
        record NotRunningAgain(String shows) implements Result {
        }

        /** Interrupted during {@code phase}; the command (if it ran) was ended. */
        record Interrupted(Phase phase, Settled settled) implements Result {
        }
    }

    /** Told of the window's steps, on the thread that runs the window (looks: on the watch's). */
    public interface Listener {
        /** A step begins. */
        default void phase(Phase phase) {
        }

        /** What a wait saw, each time it looked. */
        default void look(Phase phase, StatusWatch.Look look) {
        }
    }

    private final ControlClient client;
    private final Clock clock;
    private final CommandRunner runner;
    private final Listener listener;
    private final StatusWatch.Pace pace;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.DRAINING);
    private final AtomicReference<CommandRunner.Running> running = new AtomicReference<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<Settled> settled = new AtomicReference<>();
    private volatile Plan plan;
    private volatile Thread runs;

    public MaintenanceWindow(ControlClient client, Clock clock, CommandRunner runner, Listener listener,
            StatusWatch.Pace pace) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pace = Objects.requireNonNull(pace, "pace");
    }

    /**
     * Runs the window. Blocks for all of it.
     *
     * @throws DrainControlException if the drain request cannot be written (nothing was run)
     */
    public Result run(Plan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.runs = Thread.currentThread();
        try {
            return runSteps(plan);
        } finally {
            finished.set(true);
        }
    }

    private Result runSteps(Plan plan) {
        enter(Phase.DRAINING);
        DrainAnswer answer = client.drain(new DrainOrder(plan.target(), plan.reason(), Optional.empty(), false, plan.timing()));
        if (answer.ignored().isPresent()) {
            return new Result.Ignored(answer.ignored().get());
        }
        if (interrupted.get()) {
            return interruptedResult();
        }
        enter(Phase.WAITING_FOR_QUIESCE);
        StatusWatch.Outcome<Until.Quiesce> quiet = StatusWatch.await(client, plan.target(), Until.quiesced(plan.target()),
                clock, plan.timeout(), pace, look -> listener.look(Phase.WAITING_FOR_QUIESCE, look));
        if (interrupted.get() || quiet instanceof StatusWatch.Outcome.Interrupted) {
            return interruptedResult();
        }
        if (quiet instanceof StatusWatch.Outcome.TimedOut) {
            return new Result.NotQuiesced(settle());
        }
        if (((StatusWatch.Outcome.Met<Until.Quiesce>) quiet).value() == Until.Quiesce.GONE) {
            return new Result.Gone(settle());
        }
        Map<String, String> environment = new HashMap<>(plan.environment());
        Optional<String> unsafe = identity(environment);
        if (unsafe.isPresent()) {
            return new Result.UnsafeIdentity(unsafe.get(), settle());
        }
        enter(Phase.RUNNING_COMMAND);
        int exit = runCommand(environment);
        if (interrupted.get()) {
            return interruptedResult();
        }
        if (exit != 0) {
            return new Result.CommandFailed(exit, settle());
        }
        enter(Phase.RESUMING);
        client.cancel(plan.target());
        enter(Phase.WAITING_FOR_RUNNING);
        StatusWatch.Outcome<RuntimeStatus> again = StatusWatch.await(client, plan.target(), Until.running(plan.target()),
                clock, plan.timeout(), pace, look -> listener.look(Phase.WAITING_FOR_RUNNING, look));
        if (again instanceof StatusWatch.Outcome.Met<RuntimeStatus> met) {
            return new Result.Done(met.value());
        }
        if (again instanceof StatusWatch.Outcome.Interrupted) {
            return new Result.Interrupted(Phase.WAITING_FOR_RUNNING, new Settled.Cancelled());
        }
        return new Result.NotRunningAgain(shows());
    }

    /**
     * From another thread (a signal's hook, a rollout stopping): ends the command if it runs,
     * settles the drain as the plan says, and makes {@link #run} return {@link Result.Interrupted}.
     * Blocks until the command has ended (at most twice the grace period) and the drain is settled.
     *
     * @return what became of the drain; empty when the window had not begun, or had already
     *     settled or finished it
     */
    public Optional<Settled> interrupt() {
        if (plan == null || finished.get() || !interrupted.compareAndSet(false, true)) {
            return Optional.empty();
        }
        CommandRunner.Running command = running.get();
        if (command != null) {
            command.stop(COMMAND_GRACE);
        }
        Phase now = phase.get();
        Settled outcome = now == Phase.RESUMING || now == Phase.WAITING_FOR_RUNNING ? new Settled.Cancelled() : settle();
        Thread thread = runs;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
        return Optional.of(outcome);
    }

    /** @return the step the window is in (or ended in) */
    public Phase phase() {
        return phase.get();
    }

    private Result interruptedResult() {
        Thread.interrupted(); // the interrupt() hook woke this thread; the flag has done its work
        return new Result.Interrupted(phase.get(), settle());
    }

    private void enter(Phase next) {
        phase.set(next);
        listener.phase(next);
    }

    /**
     * Adds the target's identity to {@code environment}, from its status, where the plan does not
     * say it: what a command gets must be what it seems, so a value of another shape stops the window.
     *
     * @return why the identity cannot be handed on, if it cannot
     */
    private Optional<String> identity(Map<String, String> environment) {
        Until.statusOf(new StatusWatch.Look(client), plan.target()).map(StatusReading.Published::status)
                .ifPresent(status -> {
                    environment.putIfAbsent("GATEWAY_INSTANCE_ID", status.instanceId());
                    if (!status.host().isEmpty()) {
                        environment.putIfAbsent("GATEWAY_HOST", status.host());
                    }
                    status.url().ifPresent(url -> environment.putIfAbsent("GATEWAY_URL", url.toString()));
                });
        if (plan.target() instanceof DrainTarget.Instance instance) {
            environment.put("GATEWAY_INSTANCE_ID", instance.id());
        }
        String id = environment.get("GATEWAY_INSTANCE_ID");
        if (id != null && !InstanceId.isValid(id)) {
            return Optional.of("its status names instance '" + SafeText.escape(id) + "', which is not an instance id");
        }
        String host = environment.get("GATEWAY_HOST");
        if (host != null && !HostName.isValid(host)) {
            return Optional.of("its status names host '" + SafeText.escape(host) + "', which is not a host name (RFC 1123)");
        }
        String url = environment.get("GATEWAY_URL");
        if (url != null && GatewayUrl.parse(url).isEmpty()) {
            return Optional.of("GATEWAY_URL '" + SafeText.escape(url) + "' is not an http(s) URL of a host and a port");
        }
        return Optional.empty();
    }

    /** Runs the command with {@code environment} added to what the runner passes on. */
    private int runCommand(Map<String, String> environment) {
        CommandRunner.Running command;
        try {
            command = runner.start(plan.command(), environment);
        } catch (IOException e) {
            return -1;
        }
        running.set(command);
        try {
            return command.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            running.set(null);
        }
    }

    /** Cancels the drain or keeps it, as the plan says; once, whoever asks first. */
    private Settled settle() {
        synchronized (settled) {
            Settled done = settled.get();
            if (done != null) {
                return done;
            }
            Settled outcome;
            if (plan.onFailure() == OnFailure.STAY_DRAINED) {
                outcome = new Settled.KeptDraining();
            } else {
                try {
                    client.cancel(plan.target());
                    outcome = new Settled.Cancelled();
                } catch (DrainControlException e) {
                    outcome = new Settled.CancelFailed(e.getMessage());
                }
            }
            settled.set(outcome);
            return outcome;
        }
    }

    private String shows() {
        return Until.statusOf(new StatusWatch.Look(client), plan.target())
                .map(p -> p.live() ? p.status().state().wireName() : "not live").orElse("no status");
    }
}
