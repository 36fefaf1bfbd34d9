package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.gatewaydrain.transport.memory.MemoryTransportProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The requester's logic the HTTP API and the CLI share: request building, confirmation, ignored requests. */
class DrainControlTest {

    private DrainTransport transport;
    private StatusSource status;
    private FakeGateway gateway;

    @BeforeEach
    void open() {
        transport = new MemoryTransportProvider().open(TransportSettings.builder().home(Path.of("unused"))
                .put(MemoryTransportProvider.SPACE, "control-" + UUID.randomUUID()).build());
        gateway = new FakeGateway(transport.channel(), transport.statusStore());
        status = StatusSource.polling(transport.statusStore(), Duration.ofMillis(10));
    }

    @AfterEach
    void close() {
        status.close();
        gateway.close();
        transport.close();
    }

    private DrainControl control(Duration wait) {
        return new DrainControl(transport.channel(), status, wait, Clock.systemUTC());
    }

    @Test
    void aDrain_buildsTheRequestFromTheOrder_andConfirmsOnceTheGatewayShowsIt() throws Exception {
        DrainControl.DrainOutcome outcome = control(Duration.ofSeconds(30)).drain("ops",
                new DrainControl.DrainOrder(Optional.of("patch"), Optional.of(Duration.ofMinutes(10)), true))
                .get(30, TimeUnit.SECONDS);

        assertThat(outcome.draining()).isTrue();
        assertThat(outcome.ignored()).isEmpty();
        DrainRequest written = outcome.request();
        assertThat(written.principal()).isEqualTo("ops");
        assertThat(written.reason()).contains("patch");
        assertThat(written.expiresAt()).contains(written.requestedAt().plus(Duration.ofMinutes(10)));
        assertThat(written.suppressNotification()).isTrue();
        assertThat(transport.channel().read()).isInstanceOfSatisfying(DrainSignal.Present.class,
                present -> assertThat(present.request()).isEqualTo(written));
    }

    @Test
    void aGatewayThatNeverShowsIt_answersNotDraining_afterTheWait() throws Exception {
        gateway.stopFollowing();

        DrainControl.DrainOutcome outcome = control(Duration.ofMillis(200)).drain("ops",
                new DrainControl.DrainOrder(Optional.empty(), Optional.empty(), false)).get(30, TimeUnit.SECONDS);

        assertThat(outcome.draining()).isFalse();
        assertThat(transport.channel().read()).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void aRequestTheGatewayIgnores_isSaidSo_withWhy() throws Exception {
        InMemoryDrainChannel channel = (InMemoryDrainChannel) transport.channel();
        // The gateway judges this request by rules the writer does not share: it shows it as ignored.
        DrainControl control = new DrainControl(new org.gatewaydrain.core.spi.DrainControlChannel() {
            @Override
            public void request(DrainRequest request) {
                channel.hold(new DrainSignal.Stale(request, StaleReason.EPOCH, "another container"));
            }

            @Override
            public boolean cancel() {
                return channel.cancel();
            }

            @Override
            public DrainSignal read() {
                return DrainSignal.ABSENT;
            }

            @Override
            public org.gatewaydrain.core.spi.Subscription subscribe(org.gatewaydrain.core.spi.ChannelListener l,
                    java.util.concurrent.Executor e) {
                return channel.subscribe(l, e);
            }

            @Override
            public void close() {
            }
        }, status, Duration.ofSeconds(30), Clock.systemUTC());

        DrainControl.DrainOutcome outcome = control.drain("ops",
                new DrainControl.DrainOrder(Optional.empty(), Optional.empty(), false)).get(30, TimeUnit.SECONDS);

        assertThat(outcome.draining()).isFalse();
        assertThat(outcome.ignored()).contains(StaleReason.EPOCH);
    }

    @Test
    void aRequestTheWriterItselfReadsAsStale_isIgnoredAtOnce() throws Exception {
        DrainControl expired = new DrainControl(transport.channel(), status, Duration.ofSeconds(30),
                Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));

        DrainControl.DrainOutcome outcome = expired.drain("ops",
                new DrainControl.DrainOrder(Optional.empty(), Optional.of(Duration.ofSeconds(1)), false))
                .get(1, TimeUnit.SECONDS);

        assertThat(outcome.ignored()).contains(StaleReason.EXPIRED);
    }

    @Test
    void cancel_saysWhetherARequestWasThere() {
        control(Duration.ZERO).drain("ops", new DrainControl.DrainOrder(Optional.empty(), Optional.empty(), false));

        assertThat(control(Duration.ZERO).cancel()).isTrue();
        assertThat(control(Duration.ZERO).cancel()).isFalse();
    }

    @Test
    void aFleetDrain_isConfirmedOnlyOnceEveryLiveInstanceShowsIt_andADeadOneHoldsNothingUp() throws Exception {
        AtomicReference<FleetReading> fleet = new AtomicReference<>(FleetReading.NOT_A_FLEET);
        AtomicReference<DrainRequest> written = new AtomicReference<>();
        CountDownLatch wrote = new CountDownLatch(1);
        Semaphore looked = new Semaphore(0);
        DrainControl control = new DrainControl(fleetChannel(written, wrote), status, () -> {
            FleetReading now = fleet.get();
            looked.release();
            return now;
        }, Duration.ofSeconds(30), Clock.systemUTC());

        CompletableFuture<DrainControl.DrainOutcome> outcome = control.drain("ops",
                new DrainControl.DrainOrder(Optional.empty(), Optional.empty(), false, DrainTarget.FLEET));
        assertThat(wrote.await(30, TimeUnit.SECONDS)).isTrue();
        DrainRequest request = written.get();
        fleet.set(new FleetReading.Instances(List.of(member("gw-1", Optional.of(request), true),
                member("gw-2", Optional.empty(), true), member("gw-dead", Optional.empty(), false))));
        // gw-2 has not shown it: no answer after the fleet has been looked at twice more. Looks follow one
        // another (a fixed delay), so by the third look's start the second, which surely read this fleet,
        // has finished deciding; the first may have read the fleet before it was set.
        looked.drainPermits();
        assertThat(looked.tryAcquire(3, 30, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome).isNotDone();
        fleet.set(new FleetReading.Instances(List.of(member("gw-1", Optional.of(request), true),
                member("gw-2", Optional.of(request), true), member("gw-dead", Optional.empty(), false))));

        assertThat(outcome.get(30, TimeUnit.SECONDS).draining()).isTrue();
    }

    @Test
    void aFleetDrain_thatOneInstanceIgnores_isSaidSo() throws Exception {
        AtomicReference<DrainRequest> written = new AtomicReference<>();
        CountDownLatch wrote = new CountDownLatch(1);
        AtomicReference<FleetReading> fleet = new AtomicReference<>(FleetReading.NOT_A_FLEET);
        DrainControl control = new DrainControl(fleetChannel(written, wrote), status, fleet::get,
                Duration.ofSeconds(30), Clock.systemUTC());

        CompletableFuture<DrainControl.DrainOutcome> outcome = control.drain("ops",
                new DrainControl.DrainOrder(Optional.empty(), Optional.empty(), false, DrainTarget.FLEET));
        assertThat(wrote.await(30, TimeUnit.SECONDS)).isTrue();
        Instant now = Instant.now();
        RuntimeStatus ignoring = new RuntimeStatus(2, RuntimeStatus.KIND_GATEWAY, "gw-2", "host", now,
                GatewayState.RUNNING, 0, Optional.empty(), Optional.of(RuntimeStatus.IgnoredDrain.of(
                        new DrainSignal.Stale(written.get(), StaleReason.EPOCH, "other boot"))),
                ChannelHealth.OK, Optional.empty(), now);
        fleet.set(new FleetReading.Instances(List.of(member("gw-1", Optional.of(written.get()), true),
                new StatusReading.Published(ignoring, true))));

        DrainControl.DrainOutcome answer = outcome.get(30, TimeUnit.SECONDS);
        assertThat(answer.draining()).isFalse();
        assertThat(answer.ignored()).contains(StaleReason.EPOCH);
    }

    /** A channel that takes fleet requests and keeps the last one written. */
    private DrainControlChannel fleetChannel(AtomicReference<DrainRequest> written, CountDownLatch wrote) {
        DrainControlChannel own = transport.channel();
        return new DrainControlChannel() {
            @Override
            public Set<String> scopes() {
                return Set.of(DrainTarget.Scopes.FLEET);
            }

            @Override
            public void request(DrainRequest request, DrainTarget target) {
                written.set(request);
                wrote.countDown();
            }

            @Override
            public void request(DrainRequest request) {
                own.request(request);
            }

            @Override
            public boolean cancel() {
                return own.cancel();
            }

            @Override
            public DrainSignal read() {
                return own.read();
            }

            @Override
            public Subscription subscribe(ChannelListener listener, Executor executor) {
                return own.subscribe(listener, executor);
            }

            @Override
            public void close() {
            }
        };
    }

    private static StatusReading.Published member(String id, Optional<DrainRequest> drain, boolean live) {
        Instant now = Instant.now();
        return new StatusReading.Published(new RuntimeStatus(1, RuntimeStatus.KIND_GATEWAY, id, "host", now,
                drain.isPresent() ? GatewayState.DRAINING : GatewayState.RUNNING, 0,
                drain.map(r -> RuntimeStatus.Drain.of(r, now)), Optional.empty(), ChannelHealth.OK, Optional.empty(), now),
                live);
    }
}
