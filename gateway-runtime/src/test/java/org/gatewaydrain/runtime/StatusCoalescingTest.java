package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.MutableClock;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.junit.jupiter.api.Test;

/** A slow status store gets fewer writes, never a stale last one. */
class StatusCoalescingTest {

    @Test
    void changesWhileAWriteIsSlow_coalesce_andTheLastWriteIsTheLastState() throws Exception {
        CountDownLatch firstWriteHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<RuntimeStatus> written = new CopyOnWriteArrayList<>();
        RuntimeStatusStore slow = new RuntimeStatusStore() {
            @Override
            public void publish(RuntimeStatus status) {
                if (firstWriteHeld.getCount() > 0) {
                    firstWriteHeld.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                written.add(status);
            }

            @Override
            public StatusReading read() {
                return StatusReading.ABSENT;
            }
        };
        MutableClock clock = new MutableClock(GatewayFixture.START);
        InMemoryDrainChannel channel = new InMemoryDrainChannel(Staleness.of(TransportSettings.DEFAULT_MAX_AGE, clock));
        ManualTurnHandler handler = new ManualTurnHandler();
        Gateway gateway = Gateway.builder().channel(channel).statusStore(slow).turnHandler(handler)
                .settings(GatewayFixture.PUSH_ONLY).clock(clock).build();
        gateway.start();
        try {
            assertThat(firstWriteHeld.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                gateway.handle(MessageEvent.external("s" + i, "x"));
            }
            channel.request(DrainRequest.of("ops", clock.instant()));
            gateway.reconcile();
            for (int i = 0; i < 15; i++) {
                handler.finish(i, "done");
            }
            release.countDown();
            gateway.flushStatus();

            assertThat(written.size()).as("writes for ~37 changes").isLessThanOrEqualTo(3);
            RuntimeStatus last = written.get(written.size() - 1);
            assertThat(last.state()).isEqualTo(GatewayState.DRAINING);
            assertThat(last.activeTurns()).isEqualTo(5);
            assertThat(last.drain()).isPresent();
        } finally {
            CompletableFuture.runAsync(() -> gateway.shutdown(Duration.ZERO, "test")).get(10, TimeUnit.SECONDS);
        }
    }
}
