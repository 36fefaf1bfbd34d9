package org.gatewaydrain.server;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
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
import org.gatewaydrain.core.rollout.RolloutLedger;
import org.gatewaydrain.core.rollout.RolloutPlanner;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.DaemonThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gateway rollout --exec CMD}: a {@link MaintenanceWindow} on every live instance of a
 * fleet, in instance-id order, never with more than {@code --max-draining} instances drained at
 * once (counting drains by anyone else). One rollout per cluster holds the ledger's lock; its
 * progress is recorded there after every step, so {@code --resume} continues after a crash.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Maintain every live instance of a fleet in turn under a disruption budget (zookeeper transport).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every live instance done (instances that were gone are reported as skipped)",
                "1:an instance failed (the rollout stopped there), another rollout holds the lock, or the fleet"
                        + " cannot be read", "2:usage error",
                "3:an instance was not quiesced within --timeout, or the budget stayed full for --timeout",
                "4:interrupted (Ctrl-C, SIGTERM, SIGHUP); continue with --resume"})
final class RolloutCommand extends ClientCommand {

    @Option(names = "--exec", paramLabel = "CMD",
            description = "The maintenance, run with sh -c on each instance once it is quiesced (with --resume: the"
                    + " recorded one).")
    String command;

    @Option(names = "--max-draining", paramLabel = "N|P%", converter = MaxDrainingConverter.class,
            description = "At most this many instances drained at once, counting drains by others: a count or a share"
                    + " of the live fleet (default 1; with --resume: the recorded one).")
    MaxDraining maxDraining;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10m", paramLabel = "DURATION",
            description = "Per instance: how long to wait for quiesce, and then for it to run again; also how long to"
                    + " wait while the budget is full (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--on-failure", defaultValue = "resume", paramLabel = "resume|stay-drained",
            converter = MaintenanceWindow.OnFailureConverter.class,
            description = "For the instance that fails or is interrupted: cancel its drain (resume, the default) or keep it.")
    MaintenanceWindow.OnFailure onFailure;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--resume", description = "Continue the cluster's interrupted or failed rollout; finished instances"
            + " are not visited again.")
    boolean resume;

    @Option(names = "--discard", description = "Start a new rollout even though the recorded one is unfinished.")
    boolean discard;

    @Option(names = "--principal", description = "Who asks (default: your user name).")
    String principal;

    private final Clock clock = Clock.systemUTC();

    @Override
    int call(ControlClient client) throws Exception {
        if (!(client instanceof TransportControlClient direct)) {
            parent.err.println("gateway: rollout takes the cluster's lock in ZooKeeper itself; drop --url and run it"
                    + " with the zookeeper transport's settings.");
            return ExitCodes.USAGE;
        }
        if (resume && discard) {
            parent.err.println("gateway: --resume continues the recorded rollout and --discard replaces it; choose one.");
            return ExitCodes.USAGE;
        }
        if (!resume && command == null) {
            parent.err.println("gateway: name the maintenance with --exec CMD.");
            return ExitCodes.USAGE;
        }
        Optional<RolloutLedger> ledger = direct.rollouts();
        if (ledger.isEmpty()) {
            parent.err.println("gateway: " + client.where() + " keeps no fleet; rollout needs a fleet"
                    + " transport such as zookeeper. For one gateway use gateway maintain.");
            return ExitCodes.FAILED;
        }
        RolloutReading reading = ledger.get().read();
        if (reading instanceof RolloutReading.Unknown unknown) {
            parent.err.println("gateway: the cluster's rollout record cannot be read: " + unknown.cause() + ".");
            return ExitCodes.FAILED;
        }
        RolloutReading.Recorded recorded = (RolloutReading.Recorded) reading;
        FleetReading fleet = direct.fleetReading();
        if (!(fleet instanceof FleetReading.Instances instances)) {
            parent.err.println("gateway: the fleet's statuses cannot be read: "
                    + (fleet instanceof FleetReading.Unknown u ? u.cause() : "no fleet") + ".");
            return ExitCodes.FAILED;
        }
        String who = Optional.ofNullable(principal).orElse(System.getProperty("user.name", "operator"));
        Optional<Rollout> planned = plan(recorded.rollout(), instances, who);
        if (planned.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Rollout rollout = planned.get();
        if (dryRun) {
            printPlan(rollout, instances, recorded.holder());
            return ExitCodes.OK;
        }
        if (rollout.finished()) {
            parent.out.println("Rollout " + rollout.id() + " has nothing left to do.");
            return ExitCodes.OK;
        }
        RolloutHolder holder = new RolloutHolder(rollout.id(), who, LocalHost.name(), ProcessHandle.current().pid(),
                clock.instant());
        boolean continuingACrashedRun = resume && recorded.holder().map(h -> h.rolloutId().equals(rollout.id()))
                .orElse(false);
        Duration lockWait = continuingACrashedRun ? ledger.get().deadHolderRelease() : Duration.ZERO;
        if (continuingACrashedRun) {
            parent.out.println("The run being resumed still holds the lock until its session ends; waiting up to "
                    + lockWait.toSeconds() + " s for it.");
        }
        RolloutLedger.Lease lease;
        try {
            lease = ledger.get().acquire(holder, lockWait);
        } catch (RolloutBusyException e) {
            parent.err.println("gateway: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (lease) {
            return new Walk(direct, lease, rollout).run();
        }
    }

    /** @return the rollout to run: a new one over the live instances, or the recorded one to continue */
    private Optional<Rollout> plan(Optional<Rollout> previous, FleetReading.Instances fleet, String who) {
        PrintWriter err = parent.err;
        if (resume) {
            if (previous.isEmpty()) {
                err.println("gateway: there is no recorded rollout on this cluster to resume.");
                return Optional.empty();
            }
            Rollout last = previous.get();
            if (command != null && !command.equals(last.command())) {
                err.println("gateway: rollout " + last.id() + " runs '" + last.command() + "'; drop --exec to resume it"
                        + " or start a new rollout with --discard.");
                return Optional.empty();
            }
            if (last.state() == Rollout.State.DONE) {
                parent.out.println("Rollout " + last.id() + " finished at " + last.updatedAt() + "; nothing to resume.");
                return Optional.of(last);
            }
            maxDraining = Optional.ofNullable(maxDraining).orElse(last.maxDraining());
            return Optional.of(last.resumed(clock.instant()));
        }
        if (previous.isPresent() && !previous.get().finished() && !discard) {
            Rollout last = previous.get();
            err.println("gateway: rollout " + last.id() + " by " + last.principal() + " is unfinished (" + last.state()
                    .wireName() + ", " + (last.at(Rollout.Step.PENDING).size() + last.at(Rollout.Step.CURRENT).size())
                    + " instance(s) left): continue it with --resume, or start a new one with --discard.");
            return Optional.empty();
        }
        maxDraining = Optional.ofNullable(maxDraining).orElse(MaxDraining.ONE);
        List<String> live = fleet.live().stream().map(p -> p.status().instanceId()).sorted().toList();
        if (live.isEmpty()) {
            err.println("gateway: no live instance publishes a status; there is nothing to roll across.");
            return Optional.empty();
        }
        return Optional.of(Rollout.start("r-" + UUID.randomUUID().toString().substring(0, 8), command, who, maxDraining,
                live, clock.instant()));
    }

    private void printPlan(Rollout rollout, FleetReading.Instances fleet, Optional<RolloutHolder> holder) {
        PrintWriter out = parent.out;
        Set<String> live = liveIds(fleet);
        Set<String> others = drainedByOthers(fleet, rollout);
        out.printf("Rollout %s (dry run): %s on %d instance(s), at most %d of %d live drained at once (--max-draining %s;"
                        + " %d drained by others now).%n", rollout.id(), rollout.command(), rollout.instances().size(),
                maxDraining.limit(live.size()), live.size(), maxDraining, others.size());
        int order = 1;
        for (Rollout.Entry entry : rollout.instances()) {
            String note;
            if (entry.step() == Rollout.Step.CURRENT) {
                note = "in hand when the rollout stopped: visited again first";
            } else if (entry.step() != Rollout.Step.PENDING) {
                note = entry.step().wireName() + ", not visited again";
            } else if (!live.contains(entry.instanceId())) {
                note = "not live now: would be skipped";
            } else if (others.contains(entry.instanceId())) {
                note = "drained by someone else now: taken once that drain ends";
            } else {
                note = "drain, wait for quiesce, run, resume";
            }
            out.printf("  %2d. %-24s %s%n", order++, entry.instanceId(), note);
        }
        holder.ifPresent(h -> out.println("Note: rollout " + h.rolloutId() + " by " + h.describe()
                + " holds the lock now; a real run would be refused."));
        out.flush();
    }

    private static Set<String> liveIds(FleetReading.Instances fleet) {
        return fleet.live().stream().map(p -> p.status().instanceId()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** @return the live instances that are draining, or asked to, other than those this rollout has current */
    private static Set<String> drainedByOthers(FleetReading.Instances fleet, Rollout rollout) {
        List<String> ours = rollout.at(Rollout.Step.CURRENT);
        return fleet.draining().stream().map(p -> p.status().instanceId())
                .filter(id -> !ours.contains(id)).collect(Collectors.toSet());
    }

    /** One run of the walk; its record changes on the main thread only. */
    private final class Walk {
        private final TransportControlClient client;
        private final RolloutLedger.Lease lease;
        private volatile Rollout rollout;
        private final Map<String, MaintenanceWindow> windows = new ConcurrentHashMap<>();
        /** What the workers tell the walk: a window's next phase, or how it ended. */
        private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        private final ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.named("rollout-%d"));
        private final Object recording = new Object();
        private boolean interrupting;

        Walk(TransportControlClient client, RolloutLedger.Lease lease, Rollout rollout) {
            this.client = client;
            this.lease = lease;
            this.rollout = rollout;
        }

        int run() throws InterruptedException {
            record(rollout);
            List<String> toVisit = new java.util.ArrayList<>(rollout.at(Rollout.Step.CURRENT));
            toVisit.addAll(rollout.at(Rollout.Step.PENDING));
            say("Rollout " + rollout.id() + ": " + rollout.command() + " on " + toVisit + ", at most " + maxDraining + " drained at once.");
            String leftBehind = "rollout " + rollout.id() + " is recorded as interrupted; the instance(s) in progress were "
                    + (onFailure == MaintenanceWindow.OnFailure.RESUME ? "resumed" : "left drained")
                    + ". Continue with gateway rollout --resume.";
            try (SignalExit interrupted = SignalExit.during(parent.err, leftBehind, this::interrupted)) {
                // Instances a resumed run had in hand: visited again first, their drains being this rollout's.
                rollout.at(Rollout.Step.CURRENT).forEach(this::visit);
                return walk();
            } finally {
                workers.shutdownNow();
            }
        }

        private int walk() throws InterruptedException {
            int failure = ExitCodes.OK;
            long blockedSince = 0;
            String lastWait = "";
            while (true) {
                FleetReading fleet = client.fleetReading();
                String waiting = "";
                if (fleet instanceof FleetReading.Instances instances) {
                    Set<String> live = liveIds(instances);
                    Set<String> others = drainedByOthers(instances, rollout);
                    RolloutPlanner.Step step = RolloutPlanner.next(rollout, live, others, maxDraining);
                    for (String gone : step.skip()) {
                        update(gone, Rollout.Step.SKIPPED, "not live at its turn");
                        parent.err.println("gateway: " + gone + " is not live at its turn; skipped.");
                    }
                    step.start().forEach(this::start);
                    if (rollout.at(Rollout.Step.CURRENT).isEmpty() && !rollout.at(Rollout.Step.PENDING).isEmpty()
                            && !step.stop()) {
                        waiting = "waiting: " + others.stream().sorted().toList() + " drained by others, budget "
                                + maxDraining.limit(live.size()) + " of " + live.size() + " live";
                    }
                } else if (rollout.at(Rollout.Step.CURRENT).isEmpty()) {
                    waiting = "waiting: the fleet cannot be read ("
                            + (fleet instanceof FleetReading.Unknown u ? u.cause() : "no fleet") + ")";
                }
                if (waiting.isEmpty()) {
                    lastWait = "";
                } else if (!waiting.equals(lastWait)) {
                    say(waiting);
                    lastWait = waiting;
                    blockedSince = System.nanoTime();
                } else if (System.nanoTime() - blockedSince > timeout.toNanos()) {
                    parent.err.println("gateway: nothing could start for " + timeout.toSeconds() + " s (" + waiting
                            + "); stopping. Continue with gateway rollout --resume.");
                    record(rollout.with(Rollout.State.FAILED, clock.instant()));
                    say(summary());
                    return ExitCodes.TIMED_OUT;
                }
                if (rollout.at(Rollout.Step.CURRENT).isEmpty()
                        && (rollout.finished() || !rollout.at(Rollout.Step.FAILED).isEmpty())) {
                    break;
                }
                Report report = reports.poll(QuiesceWait.POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (report != null && report.result() != null) {
                    failure = finish(report.id(), report.result(), failure);
                } else if (report != null && rollout.entry(report.id()).map(e -> e.step() == Rollout.Step.CURRENT)
                        .orElse(false)) {
                    update(report.id(), Rollout.Step.CURRENT, report.phase());
                }
            }
            boolean failed = !rollout.at(Rollout.Step.FAILED).isEmpty();
            record(rollout.with(failed ? Rollout.State.FAILED : Rollout.State.DONE, clock.instant()));
            say(summary());
            return failed ? failure : ExitCodes.OK;
        }

        private void start(String id) {
            update(id, Rollout.Step.CURRENT, "draining");
            visit(id);
        }

        /** Runs the window of {@code id}, which the record shows current, on a worker. */
        private void visit(String id) {
            PrintWriter out = LinePrefixWriter.prefixed(parent.out, "[" + id + "] ");
            PrintWriter err = LinePrefixWriter.prefixed(parent.err, "[" + id + "] ");
            MaintenanceWindow window = new MaintenanceWindow(client, new DrainTarget.Instance(id), rollout.command(),
                    timeout, onFailure, rollout.principal(), status -> {
                        Map<String, String> env = new HashMap<>();
                        env.put("GATEWAY_INSTANCE_ID", id);
                        env.put("GATEWAY_ROLLOUT_ID", rollout.id());
                        status.map(s -> s.path("host").asText("")).filter(h -> !h.isEmpty())
                                .ifPresent(h -> env.put("GATEWAY_HOST", h));
                        return env;
                    }, out, err).onPhase(phase -> reports.add(new Report(id, phase, null)));
            windows.put(id, window);
            workers.execute(() -> {
                MaintenanceWindow.Result result;
                try {
                    result = window.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result = new MaintenanceWindow.Result(MaintenanceWindow.Outcome.COMMAND_FAILED, "interrupted");
                } catch (Exception e) {
                    err.println("gateway: " + e.getMessage());
                    result = new MaintenanceWindow.Result(MaintenanceWindow.Outcome.COMMAND_FAILED, "failed: "
                            + e.getMessage());
                }
                reports.add(new Report(id, null, result));
            });
        }

        /** @return the exit code of the first failure */
        private int finish(String id, MaintenanceWindow.Result result, int failure) {
            windows.remove(id);
            switch (result.outcome()) {
                case DONE -> update(id, Rollout.Step.DONE, result.detail());
                case GONE -> {
                    update(id, Rollout.Step.SKIPPED, result.detail());
                    parent.err.println("gateway: " + id + " is gone (" + result.detail() + "); skipped.");
                }
                default -> {
                    update(id, Rollout.Step.FAILED, result.detail());
                    parent.err.println("gateway: " + id + " failed (" + result.detail() + "); the rollout stops and"
                            + " leaves the instances not yet visited untouched.");
                    return failure == ExitCodes.OK ? result.outcome().exitCode : failure;
                }
            }
            return failure;
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
                } catch (RuntimeException e) { // unreachable ZooKeeper, or the lease released by an interruption
                    parent.err.println("gateway: the rollout's progress could not be recorded (" + e.getMessage()
                            + "); going on.");
                }
            }
        }

        /** In the shutdown hook: settles the windows in progress, records the interruption, ends the session. */
        private void interrupted() {
            synchronized (recording) {
                // From here the walk records nothing: a window ending because it was interrupted must not
                // write its step over the interruption.
                interrupting = true;
            }
            windows.values().parallelStream().forEach(MaintenanceWindow::interrupt);
            try {
                lease.record(rollout.with(Rollout.State.INTERRUPTED, clock.instant()));
            } catch (RuntimeException e) {
                parent.err.println("gateway: the interruption could not be recorded (" + e.getMessage() + ").");
            }
            lease.close();
            client.close(); // ends the session now: the lock is free at once, not after the session timeout
        }

        private String summary() {
            StringBuilder text = new StringBuilder("Rollout " + rollout.id() + " " + rollout.state().wireName() + ": ");
            text.append(rollout.at(Rollout.Step.DONE).size()).append(" done");
            for (Rollout.Step step : List.of(Rollout.Step.SKIPPED, Rollout.Step.FAILED, Rollout.Step.PENDING)) {
                List<Rollout.Entry> at = rollout.instances().stream().filter(e -> e.step() == step).toList();
                if (!at.isEmpty()) {
                    text.append(", ").append(at.size()).append(' ').append(step == Rollout.Step.PENDING ? "not visited"
                            : step.wireName()).append(" (").append(at.stream().map(e -> e.instanceId()
                            + (e.detail().isEmpty() ? "" : ": " + e.detail())).collect(Collectors.joining("; ")))
                            .append(')');
                }
            }
            return text.append('.').toString();
        }

        private void say(String line) {
            parent.out.println(line);
            parent.out.flush();
        }
    }

    /** A worker's word to the walk: {@code phase} while a window runs, {@code result} once it ended. */
    private record Report(String id, String phase, MaintenanceWindow.Result result) {
    }

    /** Reads {@code N} or {@code P%}. */
    static final class MaxDrainingConverter implements picocli.CommandLine.ITypeConverter<MaxDraining> {
        @Override
        public MaxDraining convert(String value) {
            try {
                return MaxDraining.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
