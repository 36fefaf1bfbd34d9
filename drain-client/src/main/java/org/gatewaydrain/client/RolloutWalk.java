package org.gatewaydrain.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutBusyException;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.rollout.RolloutPlanner;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A {@link MaintenanceWindow} on every live instance of a fleet, in instance-id order, never
 * with more instances drained at once than the budget allows (counting drains by anyone else).
 * One rollout per cluster holds the ledger's lock; its progress is recorded there after every
 * step, so a rollout that stops (a crash, a signal, a failure) is {@linkplain Request#resume()
 * resumed} without redoing what is done. {@link #prepare} decides what to run from the ledger
 * and the fleet as they are; {@link #run} runs it. The clock times the waits. One run per walk;
 * {@link #interrupt} may come from any thread.
 */
public final class RolloutWalk {

    /**
     * What the operator asks for.
     *
     * @param command the maintenance: what a new rollout runs; to resume, it must be the recorded one
     *     (a different one is refused). Only a request's command is ever run, never one read from
     *     the ledger; empty only to look ({@link #prepare}), never to run
     * @param maxDraining the budget; empty: 1 for a new rollout, the recorded one to resume
     * @param timeout per instance: the wait for quiesce and for running again; also how long the
     *     walk waits while nothing can start (the budget is full)
     * @param onFailure what an instance that fails or is interrupted does with its drain
     * @param principal who runs it
     * @param resume continue the recorded rollout
     * @param discard start a new one although the recorded one is unfinished
     * @param environment added to every command's environment
     * @param timing each instance's drain: its deadline (from when that instance's drain is written) and grace
     */
    public record Request(Optional<String> command, Optional<MaxDraining> maxDraining, Duration timeout,
            MaintenanceWindow.OnFailure onFailure, String principal, boolean resume, boolean discard,
            Map<String, String> environment, DrainOrder.Timing timing) {
        public Request {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(maxDraining, "maxDraining");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(onFailure, "onFailure");
            Objects.requireNonNull(principal, "principal");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(timing, "timing");
            if (resume && discard) {
                throw new IllegalArgumentException("resuming continues the recorded rollout and discarding replaces it");
            }
            if (!resume && command.isEmpty()) {
                throw new IllegalArgumentException("a new rollout needs a command");
            }
            command.ifPresent(text -> {
                if (text.isBlank()) {
                    throw new IllegalArgumentException("the command must not be blank");
                }
            });
        }

        /** A request whose drains have neither deadline nor grace. */
        public Request(Optional<String> command, Optional<MaxDraining> maxDraining, Duration timeout,
                MaintenanceWindow.OnFailure onFailure, String principal, boolean resume, boolean discard,
                Map<String, String> environment) {
            this(command, maxDraining, timeout, onFailure, principal, resume, discard, environment, DrainOrder.Timing.NONE);
        }
    }

    /** What {@link #prepare} found. */
    public sealed interface Prepared {
        /**
         * @param rollout what to run: new, or the recorded one made ready to continue
         * @param budget the disruption budget it runs under
         * @param holder who holds the lock now, if anyone does
         * @param continuesACrashedRun whether the lock's holder is the run being resumed (its session may not have ended yet)
         */
        record Ready(Rollout rollout, MaxDraining budget, Optional<RolloutHolder> holder, boolean continuesACrashedRun)
                implements Prepared {
        }

        /** Resume was asked, and no rollout was ever recorded. */
        record NothingToResume() implements Prepared {
        }

        /** @param rollout the recorded rollout, which finished: resume has nothing to do */
        record AlreadyDone(Rollout rollout) implements Prepared {
        }

        /** @param recorded the rollout resume would continue, which runs another command */
        record DifferentCommand(Rollout recorded) implements Prepared {
        }

        /** @param recorded the rollout not finished, which a new one would replace without {@code discard} */
        record Unfinished(Rollout recorded) implements Prepared {
        }

        /** No live instance publishes a status: nothing to roll across. */
        record NoLiveInstance() implements Prepared {
        }

        /** @param cause the ledger or the fleet cannot be read */
        record Unreadable(String cause) implements Prepared {
        }
    }

    /** How a run ended. */
    public sealed interface Result {
        /** @param rollout every instance done or skipped */
        record Done(Rollout rollout) implements Result {
        }

        /**
         * @param rollout the record: the walk stopped at the failure, the instances not visited left untouched
         * @param instanceId the first instance that failed
         * @param failure how its window ended
         */
        record Failed(Rollout rollout, String instanceId, MaintenanceWindow.Result failure) implements Result {
        }

        /** @param waiting why nothing could start for the whole timeout */
        record Stuck(Rollout rollout, String waiting) implements Result {
        }

        /**
         * @param cluster the cluster whose lock another rollout holds
         * @param holder who holds it, if readable
         */
        record Busy(String cluster, Optional<RolloutHolder> holder) implements Result {
        }

        /** @param rollout recorded as interrupted; the instances in progress settled as asked */
        record Interrupted(Rollout rollout) implements Result {
        }
    }

    /** Told of the walk's course, on the thread that runs it (an instance's window: on that window's thread). */
    public interface Listener {
        /** The lock is held by the run being resumed; the walk waits up to {@code wait} for its session to end. */
        default void waitingForLock(Duration wait) {
        }

        /** The walk begins; {@code visiting} in this order. */
        default void started(Rollout rollout, MaxDraining budget, List<String> visiting) {
        }

        /** {@code id} is not live at its turn: passed over. */
        default void skipped(String id) {
        }

        /** Nothing can start now, and why (once per reason). */
        default void waiting(String why) {
        }

        /** @return what hears the window of instance {@code id}, which begins now */
        default MaintenanceWindow.Listener window(String id) {
            return new MaintenanceWindow.Listener() {
            };
        }

        /** The window of {@code id} ended. */
        default void ended(String id, MaintenanceWindow.Result result) {
        }

        /** The record could not be written; the walk goes on. */
        default void notRecorded(String why) {
        }
    }

    private final ControlClient client;
    private final RolloutLedger ledger;
    private final Clock clock;
    private final CommandRunner runner;
    private final Listener listener;
    private final StatusWatch.Pace pace;
    /** What the record says an instance's window is doing. */
    private static final Map<MaintenanceWindow.Phase, String> PHASES = Map.of(
            MaintenanceWindow.Phase.DRAINING, "draining",
            MaintenanceWindow.Phase.WAITING_FOR_QUIESCE, "waiting for quiesce",
            MaintenanceWindow.Phase.RUNNING_COMMAND, "running the command",
            MaintenanceWindow.Phase.RESUMING, "resuming",
            MaintenanceWindow.Phase.WAITING_FOR_RUNNING, "waiting to run again");

    private final Map<String, MaintenanceWindow> windows = new ConcurrentHashMap<>();
    /** What wakes the walk: a window's end, or word that the fleet may have changed. */
    private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    private final Object recording = new Object();
    private final CountDownLatch interruptDone = new CountDownLatch(1);
    private volatile Rollout rollout;
    private RolloutLedger.Lease lease;
    private boolean interrupting;

    public RolloutWalk(ControlClient client, RolloutLedger ledger, Clock clock, CommandRunner runner, Listener listener,
            StatusWatch.Pace pace) {
        this.client = Objects.requireNonNull(client, "client");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pace = Objects.requireNonNull(pace, "pace");
    }

    /** Decides what {@code request} would run, from the ledger and the fleet as they are now; changes nothing. */
    public Prepared prepare(Request request) {
        RolloutReading reading = ledger.read();
        if (reading instanceof RolloutReading.Unknown unknown) {
            return new Prepared.Unreadable("the cluster's rollout record cannot be read: " + unknown.cause());
        }
        RolloutReading.Recorded recorded = (RolloutReading.Recorded) reading;
        FleetReading fleet = client.fleet();
        if (!(fleet instanceof FleetReading.Instances instances)) {
            return new Prepared.Unreadable("the fleet's statuses cannot be read: "
                    + (fleet instanceof FleetReading.Unknown u ? u.cause() : "the transport keeps no fleet"));
        }
        Optional<Rollout> previous = recorded.rollout();
        if (request.resume()) {
            if (previous.isEmpty()) {
                return new Prepared.NothingToResume();
            }
            Rollout last = previous.get();
            if (request.command().isPresent() && !request.command().get().equals(last.command())) {
                return new Prepared.DifferentCommand(last);
            }
            if (last.state() == Rollout.State.DONE) {
                return new Prepared.AlreadyDone(last);
            }
            boolean crashedRun = recorded.holder().map(h -> h.rolloutId().equals(last.id())).orElse(false);
            return new Prepared.Ready(last.resumed(clock.instant()), request.maxDraining().orElse(last.maxDraining()),
                    recorded.holder(), crashedRun);
        }
        if (previous.isPresent() && !previous.get().finished() && !request.discard()) {
            return new Prepared.Unfinished(previous.get());
        }
        List<String> live = liveIds(instances).stream().sorted().toList();
        if (live.isEmpty()) {
            return new Prepared.NoLiveInstance();
        }
        MaxDraining budget = request.maxDraining().orElse(MaxDraining.ONE);
        return new Prepared.Ready(Rollout.start("r-" + UUID.randomUUID().toString().substring(0, 8),
                request.command().orElseThrow(), request.principal(), budget, live, clock.instant()), budget,
                recorded.holder(), false);
    }

    /**
     * Takes the cluster's lock (waiting for a crashed run's session to end when continuing it),
     * then walks: the instances the record has current first, then the pending ones, starting
     * each when the budget has room. Blocks until the walk ends; releases the lock.
     *
     * @throws IllegalArgumentException unless {@code request} carries exactly the rollout's command
     */
    public Result run(Prepared.Ready ready, Request request) {
        // The ledger is shared: whoever may write it could plant a command. Only the operator's own runs.
        if (request.command().filter(ready.rollout().command()::equals).isEmpty()) {
            throw new IllegalArgumentException("a rollout runs only the command it is given: the request "
                    + (request.command().isPresent() ? "gives another command than the rollout's" : "gives none"));
        }
        rollout = ready.rollout();
        Duration lockWait = ready.continuesACrashedRun() ? ledger.deadHolderRelease() : Duration.ZERO;
        if (ready.continuesACrashedRun()) {
            listener.waitingForLock(lockWait);
        }
        RolloutHolder holder = new RolloutHolder(rollout.id(), request.principal(), LocalHost.name(),
                ProcessHandle.current().pid(), clock.instant());
        try {
            lease = ledger.acquire(holder, lockWait);
        } catch (RolloutBusyException e) {
            return new Result.Busy(e.cluster(), e.holder());
        }
        ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.named("rollout-%d"));
        try (RolloutLedger.Lease held = lease; Subscription changes = client.onChange(() -> reports.offer(Report.LOOK))) {
            record(rollout);
            List<String> visiting = new ArrayList<>(rollout.at(Rollout.Step.CURRENT));
            visiting.addAll(rollout.at(Rollout.Step.PENDING));
            listener.started(rollout, ready.budget(), visiting);
            // Instances a resumed run had in hand: visited again first, their drains being this rollout's.
            rollout.at(Rollout.Step.CURRENT).forEach(id -> visit(id, request, workers));
            return walk(ready.budget(), request, workers);
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * From another thread (a signal's hook): settles every window in progress as the request says,
     * records the rollout as interrupted and releases the lock, so {@code --resume} can continue it.
     * Blocks until done. A no-op before the lock is held.
     */
    public void interrupt() {
        synchronized (recording) {
            if (lease == null || interrupting) {
                return;
            }
            // From here the walk records nothing: a window ending because it was interrupted must not write its
            // step over the interruption.
            interrupting = true;
        }
        try {
            windows.values().parallelStream().forEach(MaintenanceWindow::interrupt);
            try {
                lease.record(rollout.with(Rollout.State.INTERRUPTED, clock.instant()));
            } catch (RuntimeException e) {
                listener.notRecorded(e.getMessage());
            }
            lease.close();
        } finally {
            interruptDone.countDown();
            reports.offer(Report.LOOK);
        }
    }

    /** The walk's side of an interruption: it returns only once the interruption has recorded itself and let go. */
    private Result interruptedResult() {
        try {
            if (!interruptDone.await(MaintenanceWindow.COMMAND_GRACE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS)) {
                listener.notRecorded("the interruption did not finish recording in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result.Interrupted(rollout.with(Rollout.State.INTERRUPTED, clock.instant()));
    }

    /** @return the ids of the live instances in {@code fleet}, in its order */
    public static Set<String> liveIds(FleetReading.Instances fleet) {
        return fleet.live().stream().map(p -> p.status().instanceId()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** @return the live instances draining now other than those {@code rollout} has current: drained by someone else */
    public static Set<String> drainedByOthers(FleetReading.Instances fleet, Rollout rollout) {
        List<String> ours = rollout.at(Rollout.Step.CURRENT);
        return fleet.draining().stream().map(p -> p.status().instanceId()).filter(id -> !ours.contains(id))
                .collect(Collectors.toSet());
    }

    private Result walk(MaxDraining budget, Request request, ExecutorService workers) {
        Instant blockedSince = null;
        String lastWait = "";
        MaintenanceWindow.Result firstFailure = null;
        String firstFailed = null;
        while (true) {
            if (interrupted()) {
                return interruptedResult();
            }
            FleetReading fleet = client.fleet();
            String waiting = "";
            if (fleet instanceof FleetReading.Instances instances) {
                Set<String> live = liveIds(instances);
                Set<String> others = drainedByOthers(instances, rollout);
                RolloutPlanner.Step step = RolloutPlanner.next(rollout, live, others, budget);
                for (String gone : step.skip()) {
                    update(gone, Rollout.Step.SKIPPED, "not live at its turn");
                    listener.skipped(gone);
                }
                for (String id : step.start()) {
                    update(id, Rollout.Step.CURRENT, "draining");
                    visit(id, request, workers);
                }
                if (rollout.at(Rollout.Step.CURRENT).isEmpty() && !rollout.at(Rollout.Step.PENDING).isEmpty()
                        && !step.stop()) {
                    waiting = "waiting: " + others.stream().sorted().toList() + " drained by others, budget "
                            + budget.limit(live.size()) + " of " + live.size() + " live";
                }
            } else if (rollout.at(Rollout.Step.CURRENT).isEmpty()) {
                waiting = "waiting: the fleet cannot be read ("
                        + (fleet instanceof FleetReading.Unknown u ? u.cause() : "no fleet") + ")";
            }
            if (waiting.isEmpty()) {
                lastWait = "";
                blockedSince = null;
            } else if (!waiting.equals(lastWait)) {
                listener.waiting(waiting);
                lastWait = waiting;
                blockedSince = clock.instant();
            } else if (!clock.instant().isBefore(blockedSince.plus(request.timeout()))) {
                Rollout stuck = rollout.with(Rollout.State.FAILED, clock.instant());
                record(stuck);
                return new Result.Stuck(stuck, waiting);
            }
            if (rollout.at(Rollout.Step.CURRENT).isEmpty()
                    && (rollout.finished() || !rollout.at(Rollout.Step.FAILED).isEmpty())) {
                break;
            }
            Report report;
            try {
                report = reports.poll(pace.fallback().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result.Interrupted(rollout.with(Rollout.State.INTERRUPTED, clock.instant()));
            }
            if (report != null && report.result() != null) {
                if (finish(report.id(), report.result()) && firstFailure == null) {
                    firstFailure = report.result();
                    firstFailed = report.id();
                }
            } else if (report != null && report.phase() != null && rollout.entry(report.id())
                    .filter(e -> e.step() == Rollout.Step.CURRENT).isPresent()) {
                update(report.id(), Rollout.Step.CURRENT, PHASES.get(report.phase()));
            }
        }
        boolean failed = !rollout.at(Rollout.Step.FAILED).isEmpty();
        Rollout last = rollout.with(failed ? Rollout.State.FAILED : Rollout.State.DONE, clock.instant());
        record(last);
        return failed ? new Result.Failed(last, firstFailed, firstFailure) : new Result.Done(last);
    }

    /** Runs the window of {@code id}, which the record shows current, on a worker. */
    private void visit(String id, Request request, ExecutorService workers) {
        MaintenanceWindow.Listener heard = listener.window(id);
        MaintenanceWindow window = new MaintenanceWindow(client, clock, runner, new MaintenanceWindow.Listener() {
            @Override
            public void phase(MaintenanceWindow.Phase phase) {
                heard.phase(phase);
                reports.offer(new Report(id, phase, null));
            }

            @Override
            public void look(MaintenanceWindow.Phase phase, StatusWatch.Look look) {
                heard.look(phase, look);
            }
        }, pace);
        Map<String, String> environment = new java.util.HashMap<>(request.environment());
        environment.put("GATEWAY_ROLLOUT_ID", rollout.id());
        MaintenanceWindow.Plan plan = new MaintenanceWindow.Plan(new DrainTarget.Instance(id), rollout.command(),
                request.timeout(), request.onFailure(), Optional.of("rollout " + rollout.id()),
                environment, request.timing());
        windows.put(id, window);
        workers.execute(() -> {
            MaintenanceWindow.Result result;
            try {
                result = window.run(plan);
            } catch (RuntimeException e) {
                result = new MaintenanceWindow.Result.CommandFailed(-1, new MaintenanceWindow.Settled.CancelFailed(
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            reports.offer(new Report(id, null, result));
        });
    }

    /** @return whether the instance failed */
    private boolean finish(String id, MaintenanceWindow.Result result) {
        windows.remove(id);
        listener.ended(id, result);
        if (result instanceof MaintenanceWindow.Result.Done) {
            update(id, Rollout.Step.DONE, "maintained; running again");
            return false;
        }
        if (result instanceof MaintenanceWindow.Result.Gone) {
            update(id, Rollout.Step.SKIPPED, "gone while waiting for quiesce; the command was not run");
            return false;
        }
        update(id, Rollout.Step.FAILED, describe(result));
        return true;
    }

    /** @return what became of a window that did not end done, in a few words, for the record */
    public static String describe(MaintenanceWindow.Result result) {
        if (result instanceof MaintenanceWindow.Result.NotQuiesced) {
            return "not quiesced in time; the command was not run";
        }
        if (result instanceof MaintenanceWindow.Result.CommandFailed failed) {
            return failed.exitCode() < 0 ? "the command could not be run" : "the command exited with " + failed.exitCode();
        }
        if (result instanceof MaintenanceWindow.Result.UnsafeIdentity unsafe) {
            return "not run: " + unsafe.why();
        }
        if (result instanceof MaintenanceWindow.Result.NotRunningAgain again) {
            return "the command succeeded, but it did not show running in time (it shows " + again.shows() + ")";
        }
        if (result instanceof MaintenanceWindow.Result.Ignored ignored) {
            return "the drain request was ignored as stale (" + ignored.why().wireName() + ")";
        }
        if (result instanceof MaintenanceWindow.Result.Interrupted) {
            return "interrupted";
        }
        return result.toString();
    }

    private boolean interrupted() {
        synchronized (recording) {
            return interrupting;
        }
    }

    private void update(String id, Rollout.Step step, String detail) {
        record(rollout.with(id, step, detail, clock.instant()));
    }

    /** Records {@code next}, unless an interruption owns the record now: its word is the last. */
    private void record(Rollout next) {
        synchronized (recording) {
            if (interrupting) {
                return;
            }
            rollout = next;
            try {
                lease.record(next);
            } catch (RuntimeException e) {
                listener.notRecorded(e.getMessage());
            }
        }
    }

    /** A worker's word to the walk: {@code phase} while a window runs, {@code result} once it ended; or a look. */
    private record Report(String id, MaintenanceWindow.Phase phase, MaintenanceWindow.Result result) {
        static final Report LOOK = new Report("", null, null);
    }
}
