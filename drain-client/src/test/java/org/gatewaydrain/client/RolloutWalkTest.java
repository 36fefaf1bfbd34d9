package org.gatewaydrain.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout engine against three real gateways on the memory transport, a fake command
 * runner and a clock the test moves: the budget (with others' drains), an instance dying
 * mid-window, a failure, a second rollout, an interruption and a resume after a crash.
 */
class RolloutWalkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final FleetFixture fleet = new FleetFixture("gw-1", "gw-2", "gw-3");
    private final FakeRunner runner = new FakeRunner();
    private final List<String> waited = new CopyOnWriteArrayList<>();
    private final List<String> skipped = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        fleet.close();
    }

    private RolloutWalk walk(TransportClient client) {
        return walk(client, runner);
    }

    private RolloutWalk walk(TransportClient client, CommandRunner commands) {
        return new RolloutWalk(client, client.ledger().orElseThrow(), fleet.clock, commands, new RolloutWalk.Listener() {
            @Override
            public void waiting(String why) {
                waited.add(why);
            }

            @Override
            public void skipped(String id) {
                skipped.add(id);
            }
        }, FleetFixture.PACE);
    }

    private static RolloutWalk.Request start(String command, String budget) {
        return new RolloutWalk.Request(Optional.of(command), Optional.of(MaxDraining.parse(budget)), TIMEOUT,
                MaintenanceWindow.OnFailure.RESUME, "alice", false, false, Map.of());
    }

    /** @return a resume that runs {@code command}: a resume runs only the command it is given */
    private static RolloutWalk.Request resume(String command) {
        return new RolloutWalk.Request(Optional.of(command), Optional.empty(), TIMEOUT, MaintenanceWindow.OnFailure.RESUME,
                "alice", true, false, Map.of());
    }

    private static RolloutWalk.Prepared.Ready ready(RolloutWalk walk, RolloutWalk.Request request) {
        return (RolloutWalk.Prepared.Ready) walk.prepare(request);
    }

    private RolloutWalk.Result run(RolloutWalk walk, RolloutWalk.Request request) {
        return walk.run(ready(walk, request), request);
    }

    private long draining() {
        return fleet.client("observer-" + System.nanoTime()).fleet() instanceof FleetReading.Instances instances
                ? instances.draining().size() : -1;
    }

    private GatewayState state(String id) {
        return fleet.gateway(id).status().state();
    }

    @Test
    void eachInstancesDrain_carriesTheDeadlineFromWhenItIsDrained_andTheGrace() {
        List<DrainPolicy> seen = new CopyOnWriteArrayList<>();
        CommandRunner looking = (command, environment) -> {
            String id = environment.get("GATEWAY_INSTANCE_ID");
            RuntimeStatus.Drain drain = fleet.gateway(id).status().drain().orElseThrow();
            seen.add(drain.policy());
            assertThat(drain.policy().deadlineAt()).as(id).contains(drain.requestedAt().plus(Duration.ofMinutes(5)));
            return runner.answering(id, 0).start(command, environment);
        };
        RolloutWalk.Request plain = start("patch", "1");
        RolloutWalk.Request timed = new RolloutWalk.Request(plain.command(), plain.maxDraining(), plain.timeout(),
                plain.onFailure(), plain.principal(), false, false, Map.of(), new DrainOrder.Timing(
                        Optional.of(Duration.ofMinutes(5)), OnDeadline.INTERRUPT, Duration.ofSeconds(90)));

        assertThat(run(walk(fleet.client("cli"), looking), timed)).isInstanceOf(RolloutWalk.Result.Done.class);

        assertThat(seen).hasSize(3).allSatisfy(policy -> {
            assertThat(policy.onDeadline()).isEqualTo(OnDeadline.INTERRUPT);
            assertThat(policy.sessionGrace()).isEqualTo(Duration.ofSeconds(90));
        });
    }

    @Test
    void oneAtATime_inIdOrder_neverTwoDrained_andEveryInstanceRunsAgain() {
        AtomicInteger mostDraining = new AtomicInteger();
        CommandRunner counting = (command, environment) -> {
            mostDraining.accumulateAndGet((int) draining(), Math::max);
            return runner.answering(environment.get("GATEWAY_INSTANCE_ID"), 0).start(command, environment);
        };

        RolloutWalk.Result result = run(walk(fleet.client("cli"), counting), start("patch", "1"));

        assertThat(result).isInstanceOfSatisfying(RolloutWalk.Result.Done.class, done -> {
            assertThat(done.rollout().state()).isEqualTo(Rollout.State.DONE);
            assertThat(done.rollout().at(Rollout.Step.DONE)).containsExactly("gw-1", "gw-2", "gw-3");
        });
        assertThat(runner.ran()).containsExactly("gw-1", "gw-2", "gw-3");
        assertThat(runner.starts).allSatisfy(s -> assertThat(s.environment()).containsKey("GATEWAY_ROLLOUT_ID"));
        assertThat(mostDraining.get()).as("instances drained while a command ran").isEqualTo(1);
        assertThat(List.of("gw-1", "gw-2", "gw-3")).allSatisfy(id -> assertThat(state(id)).isEqualTo(GatewayState.RUNNING));
    }

    @Test
    void aBudgetFilledByAnothersDrain_waits_andGoesOnOnceThatDrainEnds() throws Exception {
        TransportClient other = fleet.client("someone-else");
        other.drain(DrainOrder.of("their own patch").forTarget(new DrainTarget.Instance("gw-3")));
        runner.answering("gw-1", 0).answering("gw-2", 0).answering("gw-3", 0);
        RolloutWalk walk = walk(fleet.client("cli"));

        CompletableFuture<RolloutWalk.Result> result = CompletableFuture.supplyAsync(() -> run(walk, start("patch", "1")));
        await().atMost(WAIT).until(() -> !waited.isEmpty());
        assertThat(waited.get(0)).contains("[gw-3] drained by others", "budget 1 of 3 live");
        assertThat(runner.starts).isEmpty();

        other.cancel(new DrainTarget.Instance("gw-3"));

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(RolloutWalk.Result.Done.class);
        assertThat(runner.ran()).containsExactly("gw-1", "gw-2", "gw-3");
    }

    @Test
    void aBudgetThatStaysFullForTheTimeout_stopsTheWalk() throws Exception {
        fleet.client("someone-else").drain(DrainOrder.of("forever").forTarget(new DrainTarget.Instance("gw-1")));
        RolloutWalk walk = walk(fleet.client("cli"));

        CompletableFuture<RolloutWalk.Result> result = CompletableFuture.supplyAsync(() -> run(walk, start("patch", "1")));
        await().atMost(WAIT).until(() -> !waited.isEmpty());
        fleet.clock.advance(TIMEOUT.plusSeconds(1));

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(RolloutWalk.Result.Stuck.class,
                stuck -> assertThat(stuck.rollout().state()).isEqualTo(Rollout.State.FAILED));
        assertThat(runner.starts).isEmpty();
    }

    @Test
    void anInstanceThatDiesMidWindow_isSkipped_andTheWalkGoesOn() throws Exception {
        fleet.turn("gw-2", "in flight");
        runner.answering("gw-1", 0).answering("gw-3", 0);
        RolloutWalk walk = walk(fleet.client("cli"));

        CompletableFuture<RolloutWalk.Result> result = CompletableFuture.supplyAsync(() -> run(walk, start("patch", "1")));
        await().atMost(WAIT).until(() -> fleet.gateway("gw-2") != null && state("gw-2") == GatewayState.DRAINING);
        fleet.crash("gw-2");

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(RolloutWalk.Result.Done.class, done -> {
            assertThat(done.rollout().at(Rollout.Step.SKIPPED)).containsExactly("gw-2");
            assertThat(done.rollout().entry("gw-2").orElseThrow().detail()).contains("gone");
            assertThat(done.rollout().at(Rollout.Step.DONE)).containsExactly("gw-1", "gw-3");
        });
        assertThat(runner.ran()).containsExactly("gw-1", "gw-3");
    }

    @Test
    void aFailingCommand_stopsTheWalkThere_resumesThatInstance_andLeavesTheRestUntouched() {
        runner.answering("gw-1", 0).answering("gw-2", 3);

        RolloutWalk.Result result = run(walk(fleet.client("cli")), start("patch", "1"));

        assertThat(result).isInstanceOfSatisfying(RolloutWalk.Result.Failed.class, failed -> {
            assertThat(failed.instanceId()).isEqualTo("gw-2");
            assertThat(failed.failure()).isInstanceOf(MaintenanceWindow.Result.CommandFailed.class);
            assertThat(failed.rollout().at(Rollout.Step.PENDING)).containsExactly("gw-3");
            assertThat(failed.rollout().entry("gw-2").orElseThrow().detail()).isEqualTo("the command exited with 3");
        });
        assertThat(runner.ran()).containsExactly("gw-1", "gw-2");
        assertThat(state("gw-2")).isEqualTo(GatewayState.RUNNING);
    }

    @Test
    void aSecondRollout_isRefusedWhileTheFirstHoldsTheLock_namingItsHolder() throws Exception {
        RolloutWalk first = walk(fleet.client("alice-cli"));
        CompletableFuture<RolloutWalk.Result> running = CompletableFuture.supplyAsync(() -> run(first, start("patch", "1")));
        await().atMost(WAIT).until(() -> !runner.starts.isEmpty());

        RolloutWalk second = walk(fleet.client("bob-cli"));
        RolloutWalk.Request discard = new RolloutWalk.Request(Optional.of("other"), Optional.empty(), TIMEOUT,
                MaintenanceWindow.OnFailure.RESUME, "bob", false, true, Map.of());

        assertThat(second.run(ready(second, discard), discard)).isInstanceOfSatisfying(RolloutWalk.Result.Busy.class,
                busy -> assertThat(busy.holder()).hasValueSatisfying(h -> assertThat(h.principal()).isEqualTo("alice")));
        runner.answering("gw-1", 0).answering("gw-2", 0).answering("gw-3", 0);
        runner.end("gw-1", 0);
        assertThat(running.get(10, TimeUnit.SECONDS)).isInstanceOf(RolloutWalk.Result.Done.class);
    }

    @Test
    void anInterruption_endsTheCommand_resumesThatInstance_andRecordsItSoResumeContinues() throws Exception {
        TransportClient cli = fleet.client("cli");
        RolloutWalk walk = walk(cli);
        CompletableFuture<RolloutWalk.Result> result = CompletableFuture.supplyAsync(() -> run(walk, start("patch", "1")));
        await().atMost(WAIT).until(() -> !runner.starts.isEmpty());

        walk.interrupt();

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(RolloutWalk.Result.Interrupted.class);
        assertThat(runner.stopped).containsExactly("gw-1");
        assertThat(cli.rollout()).hasValueSatisfying(reading -> assertThat(reading).isInstanceOfSatisfying(
                RolloutReading.Recorded.class, recorded -> {
                    assertThat(recorded.holder()).as("the lock is free").isEmpty();
                    assertThat(recorded.rollout().orElseThrow().state()).isEqualTo(Rollout.State.INTERRUPTED);
                }));
        await().atMost(WAIT).until(() -> state("gw-1") == GatewayState.RUNNING);
    }

    @Test
    void afterACrash_resumeVisitsTheInstanceInHandAgain_andDoesNotRedoWhatIsDone() throws Exception {
        runner.answering("gw-1", 0);
        TransportClient crashing = fleet.client("crashing-cli");
        RolloutWalk first = walk(crashing);
        CompletableFuture.runAsync(() -> run(first, start("patch", "1")));
        await().atMost(WAIT).until(() -> runner.ran().contains("gw-2"));

        // The rolling process dies: its handle closes, and with it the lock; its last record shows gw-2 in hand.
        crashing.close();

        runner.answering("gw-2", 0).answering("gw-3", 0);
        RolloutWalk resumed = walk(fleet.client("resuming-cli"));
        RolloutWalk.Prepared prepared = resumed.prepare(resume("patch"));
        assertThat(prepared).isInstanceOfSatisfying(RolloutWalk.Prepared.Ready.class,
                r -> assertThat(r.rollout().at(Rollout.Step.CURRENT)).containsExactly("gw-2"));

        assertThat(resumed.run((RolloutWalk.Prepared.Ready) prepared, resume("patch")))
                .isInstanceOfSatisfying(RolloutWalk.Result.Done.class, done ->
                        assertThat(done.rollout().at(Rollout.Step.DONE)).containsExactly("gw-1", "gw-2", "gw-3"));
        assertThat(runner.ran()).as("gw-1 not redone; gw-2, in hand at the crash, visited again")
                .containsExactly("gw-1", "gw-2", "gw-2", "gw-3");
        runner.end("gw-2", 0);
    }

    @Test
    void whatCannotRun_isSaidBeforeAnythingIsDone() {
        RolloutWalk walk = walk(fleet.client("cli"));
        assertThat(walk.prepare(resume("patch"))).isInstanceOf(RolloutWalk.Prepared.NothingToResume.class);

        runner.answering("gw-1", 0).answering("gw-2", 1);
        run(walk, start("patch", "1"));
        RolloutWalk.Request otherCommand = new RolloutWalk.Request(Optional.of("another"), Optional.empty(), TIMEOUT,
                MaintenanceWindow.OnFailure.RESUME, "alice", true, false, Map.of());
        assertThat(walk(fleet.client("cli-2")).prepare(otherCommand))
                .isInstanceOf(RolloutWalk.Prepared.DifferentCommand.class);
        assertThat(walk(fleet.client("cli-3")).prepare(start("new", "1")))
                .isInstanceOf(RolloutWalk.Prepared.Unfinished.class);
        assertThat(runner.ran()).containsExactly("gw-1", "gw-2");

        List.of("gw-1", "gw-2", "gw-3").forEach(fleet::crash);
        RolloutWalk.Request discard = new RolloutWalk.Request(Optional.of("new"), Optional.empty(), TIMEOUT,
                MaintenanceWindow.OnFailure.RESUME, "alice", false, true, Map.of());
        assertThat(walk(fleet.client("cli-4")).prepare(discard)).isInstanceOf(RolloutWalk.Prepared.NoLiveInstance.class);
    }

    @Test
    void aResumeOfAFinishedRollout_hasNothingToDo() {
        runner.answering("gw-1", 0).answering("gw-2", 0).answering("gw-3", 0);
        run(walk(fleet.client("cli")), start("patch", "100%"));

        assertThat(walk(fleet.client("cli-2")).prepare(resume("patch"))).isInstanceOf(RolloutWalk.Prepared.AlreadyDone.class);
    }

    @Test
    void aRecordPlantedInTheLedger_neverGetsItsCommandRun() throws Exception {
        // Whoever may write the ledger (a ZooKeeper client without auth) plants an interrupted rollout with its command.
        TransportClient planter = fleet.client("planter");
        try (var lease = planter.ledger().orElseThrow().acquire(new RolloutHolder("r-evil",
                "mallory", "elsewhere", 1, fleet.clock.instant()), Duration.ZERO)) {
            lease.record(Rollout.start("r-evil", "touch pwned", "mallory", MaxDraining.ONE,
                    List.of("gw-1", "gw-2", "gw-3"), fleet.clock.instant()).with(Rollout.State.INTERRUPTED,
                    fleet.clock.instant()));
        }
        RolloutWalk walk = walk(fleet.client("operator"));

        RolloutWalk.Prepared prepared = walk.prepare(resume("patch"));
        assertThat(prepared).isInstanceOfSatisfying(RolloutWalk.Prepared.DifferentCommand.class,
                different -> assertThat(different.recorded().command()).isEqualTo("touch pwned"));

        RolloutWalk.Prepared.Ready planted = (RolloutWalk.Prepared.Ready) walk.prepare(resume("touch pwned"));
        assertThatThrownBy(() -> walk.run(planted, resume("patch")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only the command it is given");
        assertThat(runner.starts).as("nothing ran").isEmpty();
    }
}
