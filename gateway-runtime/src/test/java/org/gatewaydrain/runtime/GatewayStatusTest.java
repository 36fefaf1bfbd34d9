package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the status shows beside the state: identity, the request on the channel, the request ignored, the heartbeat. */
class GatewayStatusTest {

    private GatewayFixture fixture;
    private Gateway gateway;
    private final AtomicInteger drainEvents = new AtomicInteger();

    @BeforeEach
    void start() {
        fixture = new GatewayFixture();
        gateway = fixture.gateway;
        gateway.addListener(new GatewayListener() {
            @Override
            public void drainChanged() {
                drainEvents.incrementAndGet();
            }
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private long publishes() {
        return fixture.publishes();
    }

    @Test
    void status_namesTheInstanceHostAndProcess() {
        RuntimeStatus status = gateway.status();

        assertThat(status.instanceId()).isEqualTo("fixture-gw");
        assertThat(status.host()).isEqualTo(LocalHost.name());
        assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void keepAliveReWrite_refreshesTheDrainShown_butNotWhenDrainingBegan() {
        Instant first = fixture.clock.instant();
        fixture.channel.request(DrainRequest.of("alice", first).withReason("patch").withExpiresAt(first.plusSeconds(600)));
        gateway.reconcile();
        RuntimeStatus.Drain shownFirst = gateway.status().drain().orElseThrow();
        long writes = publishes();

        fixture.clock.advance(Duration.ofSeconds(30));
        fixture.channel.request(DrainRequest.of("bob", fixture.clock.instant()).withReason("still patching"));
        gateway.reconcile();

        RuntimeStatus.Drain refreshed = gateway.status().drain().orElseThrow();
        assertThat(refreshed.principal()).isEqualTo("bob");
        assertThat(refreshed.requestedAt()).isEqualTo(first.plusSeconds(30));
        assertThat(refreshed.reason()).contains("still patching");
        assertThat(refreshed.expiresAt()).isEmpty();
        assertThat(refreshed.since()).isEqualTo(shownFirst.since()).isEqualTo(first);
        assertThat(publishes()).isEqualTo(writes + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> drainEvents.get() == 1);
        assertThat(fixture.lastPublished()).hasValueSatisfying(s -> assertThat(s.drain()).contains(refreshed));
    }

    @Test
    void reReadingTheSameRequest_writesNoStatusAndEmitsNoEvent() {
        fixture.channel.request(fixture.request("alice"));
        gateway.reconcile();
        long writes = publishes();

        gateway.reconcile();
        gateway.reconcile();

        assertThat(publishes()).isEqualTo(writes);
        assertThat(drainEvents.get()).isZero();
    }

    @Test
    void anUnreadableMarkerReReadLater_keepsTheTimeItWasFirstSeen() {
        fixture.channel.hold(new DrainSignal.Unreadable("the marker is not valid JSON"));
        gateway.reconcile();
        RuntimeStatus.Drain first = gateway.status().drain().orElseThrow();
        long writes = publishes();

        fixture.clock.advance(Duration.ofMinutes(5));
        gateway.reconcile();

        assertThat(gateway.status().drain()).contains(first);
        assertThat(publishes()).isEqualTo(writes);
    }

    @Test
    void aStaleRequest_isShownAsIgnored_andClearedWhenItGoes() {
        DrainRequest old = DrainRequest.of("old-boot", fixture.clock.instant().minus(Duration.ofDays(3)));
        fixture.channel.hold(new DrainSignal.Stale(old, StaleReason.EPOCH, "another boot"));
        gateway.reconcile();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.RUNNING);
        assertThat(gateway.status().drainIgnored()).contains(
                new RuntimeStatus.IgnoredDrain("old-boot", old.requestedAt(), StaleReason.EPOCH));
        assertThat(fixture.lastPublished()).hasValueSatisfying(s -> assertThat(s.drainIgnored()).isPresent());

        fixture.channel.cancel();
        gateway.reconcile();

        assertThat(gateway.status().drainIgnored()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> drainEvents.get() == 2);
    }

    @Test
    void theFirstStatus_isInTheStoreWhenStartReturns() {
        try (GatewayFixture fresh = new GatewayFixture()) {
            fresh.gateway.start();

            assertThat(fresh.store.history()).as("published without waiting for the settle window").isNotEmpty();
            assertThat(fresh.lastPublished()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(GatewayState.RUNNING));
        }
    }

    @Test
    void anAdvertisedUrl_isInTheStoreWhenAdvertiseReturns_andAnotherShapeIsRefused() {
        URI url = URI.create("http://127.0.0.1:18080");

        gateway.advertise(url);

        assertThat(fixture.lastPublished()).hasValueSatisfying(s -> assertThat(s.url()).contains(url));
        assertThat(gateway.status().url()).contains(url);
        assertThatThrownBy(() -> gateway.advertise(URI.create("http://127.0.0.1:18080/api?x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(gateway.status().url()).contains(url);
    }

    @Test
    void theStatusIsRepublishedEveryHeartbeat_withoutAnyChange_stampedWithTheTimeOfEach() {
        try (GatewayFixture beating = new GatewayFixture(GatewayFixture.PUSH_ONLY.withStatusHeartbeat(Duration.ofMillis(50)))) {
            beating.gateway.start();
            for (int beat = 1; beat <= 3; beat++) {
                beating.clock.advance(Duration.ofSeconds(7));
                Instant now = beating.clock.instant();

                // Readers elsewhere judge liveness by the stamp: each heartbeat carries the time it was written.
                await().atMost(Duration.ofSeconds(10)).until(() -> beating.store.read().published()
                        .map(p -> p.status().updatedAt()).filter(now::equals).isPresent());
            }
            assertThat(beating.store.history()).extracting(RuntimeStatus::state).containsOnly(GatewayState.RUNNING);
        }
    }
}
