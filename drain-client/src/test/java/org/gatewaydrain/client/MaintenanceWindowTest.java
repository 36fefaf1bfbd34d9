package org.gatewaydrain.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.OnDeadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a maintenance window ends, against a real gateway on the memory transport, a fake
 * command runner and a clock the test moves: nothing here waits out a real timeout.
 */
class MaintenanceWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final FleetFixture fleet = new FleetFixture("gw-1");
    private final FakeRunner runner = new FakeRunner();
    private final List<MaintenanceWindow.Phase> phases = new CopyOnWriteArrayList<>();
    private final TransportClient client = fleet.client("gw-1");

    @AfterEach
    void close() {
        fleet.close();
    }

    private MaintenanceWindow window() {
        return new MaintenanceWindow(client, fleet.clock, runner, new MaintenanceWindow.Listener() {
            @Override
            public void phase(MaintenanceWindow.Phase phase) {
                phases.add(phase);
            }
        }, FleetFixture.PACE);
    }

    private static MaintenanceWindow.Plan plan(MaintenanceWindow.OnFailure onFailure) {
        return new MaintenanceWindow.Plan(DrainTarget.OWN, "patch", TIMEOUT, onFailure, Optional.of("maintain: patch"),
                Map.of("GATEWAY_URL", "http://127.0.0.1:18080"));
    }

    private CompletableFuture<MaintenanceWindow.Result> runAsync(MaintenanceWindow window, MaintenanceWindow.Plan plan) {
        return CompletableFuture.supplyAsync(() -> window.run(plan));
    }

    private GatewayState state() {
        return fleet.gateway("gw-1").status().state();
    }

    @Test
    void aroundATurnInFlight_theCommandRunsOnlyOnceItEnded_withTheIdentity_andTheGatewayResumes() throws Exception {
        fleet.turn("gw-1", "alice");
        runner.answering("gw-1", 0);
        MaintenanceWindow window = window();

        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, plan(MaintenanceWindow.OnFailure.RESUME));
        await().atMost(WAIT).until(() -> window.phase() == MaintenanceWindow.Phase.WAITING_FOR_QUIESCE
                && state() == GatewayState.DRAINING);
        assertThat(runner.starts).as("nothing runs while a turn is in flight").isEmpty();
        fleet.finish("gw-1", "alice");

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(MaintenanceWindow.Result.Done.class,
                done -> assertThat(done.status().state()).isEqualTo(GatewayState.RUNNING));
        assertThat(runner.starts).singleElement().satisfies(start -> {
            assertThat(start.command()).isEqualTo("patch");
            assertThat(start.environment()).containsEntry("GATEWAY_INSTANCE_ID", "gw-1")
                    .containsEntry("GATEWAY_URL", "http://127.0.0.1:18080").containsKey("GATEWAY_HOST");
        });
        assertThat(phases).containsExactly(MaintenanceWindow.Phase.DRAINING, MaintenanceWindow.Phase.WAITING_FOR_QUIESCE,
                MaintenanceWindow.Phase.RUNNING_COMMAND, MaintenanceWindow.Phase.RESUMING,
                MaintenanceWindow.Phase.WAITING_FOR_RUNNING);
        assertThat(state()).isEqualTo(GatewayState.RUNNING);
    }

    @Test
    void theCommandIsHandedTheAddressTheGatewayPublishes_whenThePlanNamesNone() {
        fleet.gateway("gw-1").advertise(java.net.URI.create("http://127.0.0.1:18081"));
        runner.answering("gw-1", 0);

        MaintenanceWindow.Result result = window().run(new MaintenanceWindow.Plan(DrainTarget.OWN, "patch", TIMEOUT,
                MaintenanceWindow.OnFailure.RESUME, Optional.empty(), Map.of()));

        assertThat(result).isInstanceOf(MaintenanceWindow.Result.Done.class);
        assertThat(runner.starts).singleElement().satisfies(start -> assertThat(start.environment())
                .containsEntry("GATEWAY_URL", "http://127.0.0.1:18081"));
    }

    private static MaintenanceWindow.Plan withDeadline(OnDeadline action) {
        MaintenanceWindow.Plan plain = plan(MaintenanceWindow.OnFailure.RESUME);
        return new MaintenanceWindow.Plan(plain.target(), plain.command(), plain.timeout(), plain.onFailure(), plain.reason(),
                plain.environment(), new DrainOrder.Timing(Optional.of(Duration.ofMinutes(1)), action, Duration.ZERO));
    }

    @Test
    void aDeadlineWithInterrupt_neverHangs_theCommandRunsOnTheQuietGateway() throws Exception {
        fleet.turn("gw-1", "endless");
        runner.answering("gw-1", 0);
        MaintenanceWindow window = window();

        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, withDeadline(OnDeadline.INTERRUPT));
        await().atMost(WAIT).until(() -> window.phase() == MaintenanceWindow.Phase.WAITING_FOR_QUIESCE
                && state() == GatewayState.DRAINING);
        assertThat(fleet.gateway("gw-1").status().drain().orElseThrow().policy().deadlineAt())
                .contains(fleet.gateway("gw-1").status().drain().orElseThrow().requestedAt().plus(Duration.ofMinutes(1)));
        fleet.clock.advance(Duration.ofMinutes(1));
        fleet.gateway("gw-1").reconcile();

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(MaintenanceWindow.Result.Done.class);
        assertThat(runner.starts).as("the command ran once the deadline interrupted the turn").hasSize(1);
    }

    @Test
    void aDeadlineWithStop_endsTheWindowAsGone_andRunsNothing() throws Exception {
        fleet.turn("gw-1", "endless");
        MaintenanceWindow window = window();

        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, withDeadline(OnDeadline.STOP));
        await().atMost(WAIT).until(() -> window.phase() == MaintenanceWindow.Phase.WAITING_FOR_QUIESCE
                && state() == GatewayState.DRAINING);
        fleet.clock.advance(Duration.ofMinutes(1));
        fleet.gateway("gw-1").reconcile();

        assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(MaintenanceWindow.Result.Gone.class);
        assertThat(runner.starts).isEmpty();
    }

    @Test
    void aQuiesceThatTimesOutOnTheClock_runsNothing_andCancelsTheDrain() throws Exception {
        fleet.turn("gw-1", "stuck");
        MaintenanceWindow window = window();

        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, plan(MaintenanceWindow.OnFailure.RESUME));
        await().atMost(WAIT).until(() -> window.phase() == MaintenanceWindow.Phase.WAITING_FOR_QUIESCE);
        fleet.clock.advance(TIMEOUT.plusSeconds(1));

        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(
                new MaintenanceWindow.Result.NotQuiesced(new MaintenanceWindow.Settled.Cancelled()));
        assertThat(runner.starts).isEmpty();
        assertThat(state()).isEqualTo(GatewayState.RUNNING);
    }

    @Test
    void aFailingCommand_cancelsTheDrain_orKeepsItWhenAsked() {
        runner.answering("gw-1", 7);

        assertThat(window().run(plan(MaintenanceWindow.OnFailure.RESUME))).isEqualTo(
                new MaintenanceWindow.Result.CommandFailed(7, new MaintenanceWindow.Settled.Cancelled()));
        await().atMost(WAIT).until(() -> state() == GatewayState.RUNNING);

        assertThat(window().run(plan(MaintenanceWindow.OnFailure.STAY_DRAINED))).isEqualTo(
                new MaintenanceWindow.Result.CommandFailed(7, new MaintenanceWindow.Settled.KeptDraining()));
        assertThat(state()).isEqualTo(GatewayState.DRAINING);
    }

    @Test
    void anInterruptWhileWaiting_runsNothing_andSettlesTheDrainOnce() throws Exception {
        fleet.turn("gw-1", "long");
        MaintenanceWindow window = window();
        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, plan(MaintenanceWindow.OnFailure.RESUME));
        await().atMost(WAIT).until(() -> window.phase() == MaintenanceWindow.Phase.WAITING_FOR_QUIESCE);

        assertThat(window.interrupt()).contains(new MaintenanceWindow.Settled.Cancelled());

        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new MaintenanceWindow.Result.Interrupted(
                MaintenanceWindow.Phase.WAITING_FOR_QUIESCE, new MaintenanceWindow.Settled.Cancelled()));
        assertThat(window.interrupt()).as("a second interrupt").isEmpty();
        assertThat(runner.starts).isEmpty();
        await().atMost(WAIT).until(() -> state() == GatewayState.RUNNING);
    }

    @Test
    void anInterruptWhileTheCommandRuns_endsIt_andWithStayDrainedKeepsTheDrain() throws Exception {
        MaintenanceWindow window = window();
        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, plan(MaintenanceWindow.OnFailure.STAY_DRAINED));
        await().atMost(WAIT).until(() -> !runner.starts.isEmpty());

        assertThat(window.interrupt()).contains(new MaintenanceWindow.Settled.KeptDraining());

        assertThat(runner.stopped).containsExactly("gw-1");
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new MaintenanceWindow.Result.Interrupted(
                MaintenanceWindow.Phase.RUNNING_COMMAND, new MaintenanceWindow.Settled.KeptDraining()));
        assertThat(state()).isEqualTo(GatewayState.DRAINING);
    }

    @Test
    void aGatewayThatGoesAwayWhileWaited_on_isGone_andNothingRuns() throws Exception {
        fleet.turn("gw-1", "last words");
        MaintenanceWindow window = window();
        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, plan(MaintenanceWindow.OnFailure.RESUME));
        await().atMost(WAIT).until(() -> window.phase() == MaintenanceWindow.Phase.WAITING_FOR_QUIESCE);

        fleet.crash("gw-1");

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(MaintenanceWindow.Result.Gone.class);
        assertThat(runner.starts).isEmpty();
    }

    @Test
    void aDrainTheGatewayIgnoresAsStale_runsNothing() {
        // A requester whose clock is two hours behind writes requests the gateway finds older than its 1 h maximum age.
        TransportClient behind = TransportClient.builder(fleet.open("gw-1")).principal("ops")
                .clock(new org.gatewaydrain.tck.MutableClock(fleet.clock.instant().minus(Duration.ofHours(2))))
                .pace(FleetFixture.PACE).build();
        try (behind) {
            MaintenanceWindow window = new MaintenanceWindow(behind, fleet.clock, runner, new MaintenanceWindow.Listener() {
            }, FleetFixture.PACE);

            assertThat(window.run(plan(MaintenanceWindow.OnFailure.RESUME))).isEqualTo(
                    new MaintenanceWindow.Result.Ignored(org.gatewaydrain.core.StaleReason.MAX_AGE));
        }
        assertThat(runner.starts).isEmpty();
        assertThat(state()).isEqualTo(GatewayState.RUNNING);
    }

    @Test
    void aGatewayThatDoesNotRunAgainInTime_isSaidSo() throws Exception {
        runner.answering("gw-1", 0);
        // The gateway goes away as the command ends: it cannot show running again.
        MaintenanceWindow window = new MaintenanceWindow(client, fleet.clock, (command, environment) -> {
            fleet.crash("gw-1");
            return runner.start(command, environment);
        }, new MaintenanceWindow.Listener() {
        }, FleetFixture.PACE);
        CompletableFuture<MaintenanceWindow.Result> result = runAsync(window, plan(MaintenanceWindow.OnFailure.RESUME));
        await().atMost(WAIT).until(() -> window.phase() == MaintenanceWindow.Phase.WAITING_FOR_RUNNING);

        fleet.clock.advance(TIMEOUT.plusSeconds(1));

        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(MaintenanceWindow.Result.NotRunningAgain.class);
    }

    /** @return {@code client}, but its gateway's status names {@code host} */
    private static ControlClient claimingHost(ControlClient client, String host) {
        return new ControlClient() {
            @Override
            public DrainAnswer drain(DrainOrder order) {
                return client.drain(order);
            }

            @Override
            public boolean cancel(DrainTarget target) {
                return client.cancel(target);
            }

            @Override
            public java.util.Set<String> scopes() {
                return client.scopes();
            }

            @Override
            public Optional<org.gatewaydrain.core.rollout.RolloutReading> rollout() {
                return client.rollout();
            }

            @Override
            public Optional<org.gatewaydrain.core.spi.RolloutLedger> ledger() {
                return client.ledger();
            }

            @Override
            public String where() {
                return client.where();
            }

            @Override
            public void close() {
            }

            @Override
            public org.gatewaydrain.core.StatusReading status() {
                return client.status().published().<org.gatewaydrain.core.StatusReading>map(p -> {
                    org.gatewaydrain.core.RuntimeStatus s = p.status();
                    return new org.gatewaydrain.core.StatusReading.Published(new org.gatewaydrain.core.RuntimeStatus(
                            s.pid(), s.kind(), s.instanceId(), host, s.startTime(), s.state(), s.activeTurns(), s.drain(),
                            s.drainIgnored(), s.controlChannel(), s.exitReason(), s.updatedAt(), s.url()), p.live());
                }).orElseGet(client::status);
            }

            @Override
            public org.gatewaydrain.core.FleetReading fleet() {
                return client.fleet();
            }

            @Override
            public org.gatewaydrain.core.spi.Subscription onChange(Runnable listener) {
                return client.onChange(listener);
            }
        };
    }

    @Test
    void aHostThatIsNoHostName_isNeverHandedToTheCommand_andTheDrainIsSettled() {
        runner.answering("gw-1", 0);
        MaintenanceWindow window = new MaintenanceWindow(claimingHost(client, "-oProxyCommand=touch pwned"), fleet.clock,
                runner, new MaintenanceWindow.Listener() {
                }, FleetFixture.PACE);

        MaintenanceWindow.Result result = window.run(plan(MaintenanceWindow.OnFailure.RESUME));

        assertThat(result).isInstanceOfSatisfying(MaintenanceWindow.Result.UnsafeIdentity.class, unsafe -> {
            assertThat(unsafe.why()).contains("not a host name");
            assertThat(unsafe.settled()).isEqualTo(new MaintenanceWindow.Settled.Cancelled());
        });
        assertThat(runner.starts).as("nothing ran").isEmpty();
        await().atMost(WAIT).until(() -> state() == GatewayState.RUNNING);
    }
}
