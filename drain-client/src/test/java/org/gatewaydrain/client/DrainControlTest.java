package org.gatewaydrain.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.tck.ForwardingChannel;
import org.gatewaydrain.tck.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requester's logic the HTTP API and the CLI share, against real gateways on the memory
 * transport: the request built from the order, the confirmation, stale requests, a fleet's.
 */
class DrainControlTest {

    private final FleetFixture fleet = new FleetFixture();

    @AfterEach
    void close() {
        fleet.close();
    }

    private DrainControl control(DrainTransport as, Duration wait, java.time.Clock clock) {
        return new DrainControl(as.channel(), new TransportFeed(as.statusStore()), wait, clock, FleetFixture.PACE);
    }

    @Test
    void aDrain_buildsTheRequestFromTheOrder_andIsConfirmedOnceTheGatewayShowsIt() throws Exception {
        fleet.start("gw-1");
        DrainTransport cli = fleet.open("gw-1");

        DrainAnswer answer = control(cli, Duration.ofSeconds(30), fleet.clock).drain("ops", new DrainOrder(DrainTarget.OWN,
                Optional.of("patch"), Optional.of(Duration.ofMinutes(10)), true)).get(30, TimeUnit.SECONDS);

        assertThat(answer.draining()).isTrue();
        assertThat(answer.ignored()).isEmpty();
        assertThat(answer.principal()).isEqualTo("ops");
        assertThat(answer.requestedAt()).isEqualTo(fleet.clock.instant());
        assertThat(cli.channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> {
            DrainRequest written = present.request();
            assertThat(written.reason()).contains("patch");
            assertThat(written.expiresAt()).contains(written.requestedAt().plus(Duration.ofMinutes(10)));
            assertThat(written.suppressNotification()).isTrue();
        });
        assertThat(fleet.gateway("gw-1").status().state()).isEqualTo(GatewayState.DRAINING);
    }

    @Test
    void anOrdersTiming_isMadeAbsoluteFromWhenTheRequestIsWritten() throws Exception {
        fleet.start("gw-1");
        DrainTransport cli = fleet.open("gw-1");
        DrainOrder order = DrainOrder.of("timed").withTiming(new DrainOrder.Timing(Optional.of(Duration.ofMinutes(10)),
                OnDeadline.STOP, Duration.ofMinutes(2)));

        control(cli, Duration.ofSeconds(30), fleet.clock).drain("ops", order).get(30, TimeUnit.SECONDS);

        assertThat(cli.channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> assertThat(
                present.request().policy()).isEqualTo(new DrainPolicy(Optional.of(fleet.clock.instant().plus(
                        Duration.ofMinutes(10))), OnDeadline.STOP, Duration.ofMinutes(2))));
        assertThat(fleet.gateway("gw-1").status().drain().orElseThrow().policy().sessionGrace())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void noGatewayToShowIt_answersNotDraining_afterTheWait_andTheRequestStays() throws Exception {
        DrainTransport cli = fleet.open("nobody-here");

        DrainAnswer answer = control(cli, Duration.ofMillis(200), fleet.clock).drain("ops", DrainOrder.of("x"))
                .get(30, TimeUnit.SECONDS);

        assertThat(answer.draining()).isFalse();
        assertThat(cli.channel().read()).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void aRequestTheGatewayIgnores_butTheWriterDoesNot_isSaidSoWithWhy() throws Exception {
        fleet.start("gw-1");
        // The writer keeps no maximum age; the gateway keeps one hour, and the writer's clock is two hours behind.
        MutableClock behind = new MutableClock(fleet.clock.instant().minus(Duration.ofHours(2)));
        DrainTransport cli = fleet.open("gw-1", Duration.ZERO, behind);

        DrainAnswer answer = control(cli, Duration.ofSeconds(30), behind).drain("ops", DrainOrder.of("old"))
                .get(30, TimeUnit.SECONDS);

        assertThat(answer.draining()).isFalse();
        assertThat(answer.ignored()).contains(StaleReason.MAX_AGE);
    }

    @Test
    void aRequestTheWriterItselfReadsAsStale_isIgnoredAtOnce() throws Exception {
        DrainTransport cli = fleet.open("anyone");
        MutableClock behind = new MutableClock(fleet.clock.instant().minus(Duration.ofHours(2)));

        CompletableFuture<DrainAnswer> answer = new DrainControl(cli.channel(), new TransportFeed(cli.statusStore()),
                Duration.ofMinutes(5), behind, FleetFixture.PACE).drain("ops", DrainOrder.of("old"));

        assertThat(answer).isCompleted();
        assertThat(answer.get().ignored()).contains(StaleReason.MAX_AGE);
    }

    @Test
    void cancel_saysWhetherARequestWasThere() {
        DrainTransport cli = fleet.open("gw-1");
        DrainControl control = control(cli, Duration.ZERO, fleet.clock);
        control.drain("ops", DrainOrder.of("x"));

        assertThat(control.cancel(DrainTarget.OWN)).isTrue();
        assertThat(control.cancel(DrainTarget.OWN)).isFalse();
    }

    @Test
    void aFleetDrain_isConfirmedOnlyOnceEveryLiveInstanceShowsIt_andADeadOneHoldsNothingUp() throws Exception {
        fleet.start("gw-1");
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.ExecutorService gw2Notices = java.util.concurrent.Executors.newSingleThreadExecutor();
        fleet.start("gw-2", Duration.ofHours(1), channel -> new ForwardingChannel(channel) {
            @Override
            public org.gatewaydrain.core.spi.Subscription subscribe(org.gatewaydrain.core.spi.ChannelListener listener,
                    java.util.concurrent.Executor executor) {
                // The memory channel tells on the writer's thread: gw-2's slow read must not hold the writer up.
                return super.subscribe(listener, gw2Notices);
            }

            @Override
            public DrainSignal read() {
                DrainSignal signal = super.read();
                if (signal instanceof DrainSignal.Present) {
                    try {
                        release.await(30, TimeUnit.SECONDS); // gw-2 is slow to see the drain
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return signal;
            }
        });
        fleet.start("gw-dead");
        fleet.crash("gw-dead");
        DrainTransport cli = fleet.open("ops-cli");
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        TransportFeed store = new TransportFeed(cli.statusStore());
        StatusFeed counted = new StatusFeed() {
            @Override
            public org.gatewaydrain.core.StatusReading status() {
                return store.status();
            }

            @Override
            public org.gatewaydrain.core.FleetReading fleet() {
                org.gatewaydrain.core.FleetReading now = store.fleet();
                looks.incrementAndGet();
                return now;
            }

            @Override
            public org.gatewaydrain.core.spi.Subscription onChange(Runnable listener) {
                return store.onChange(listener);
            }
        };

        CompletableFuture<DrainAnswer> answer = new DrainControl(cli.channel(), counted, Duration.ofSeconds(30), fleet.clock,
                FleetFixture.PACE).drain("ops", DrainOrder.of("fleet patch").forTarget(DrainTarget.FLEET));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fleet.gateway("gw-1").status().state() == GatewayState.DRAINING);
        int before = looks.get();
        // Looks are made one at a time: two more than now means one, at least, saw gw-1 draining and gw-2 not.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= before + 2);
        assertThat(answer).as("confirmed while gw-2 has not shown it").isNotDone();

        release.countDown();

        assertThat(answer.get(30, TimeUnit.SECONDS).draining()).isTrue();
        gw2Notices.shutdownNow();
    }

    @Test
    void aFleetDrain_thatOneInstanceIgnores_isSaidSo() throws Exception {
        fleet.start("gw-1", Duration.ZERO, java.util.function.UnaryOperator.identity());
        fleet.start("gw-2");
        MutableClock behind = new MutableClock(fleet.clock.instant().minus(Duration.ofHours(2)));
        DrainTransport cli = fleet.open("ops-cli", Duration.ZERO, behind);

        DrainAnswer answer = control(cli, Duration.ofSeconds(30), behind)
                .drain("ops", DrainOrder.of("old").forTarget(DrainTarget.FLEET)).get(30, TimeUnit.SECONDS);

        assertThat(answer.draining()).isFalse();
        assertThat(answer.ignored()).contains(StaleReason.MAX_AGE);
        assertThat(answer.target()).isEqualTo(DrainTarget.FLEET);
    }
}
