package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.StaleReason;
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
        assertThat(transport.channel().read()).isEqualTo(new DrainSignal.Present(written));
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
}
