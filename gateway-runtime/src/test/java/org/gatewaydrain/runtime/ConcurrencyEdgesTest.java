package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.tck.ForwardingChannel;
import org.junit.jupiter.api.Test;

/** Interleavings that used to lose a waiter, skip the first read or stop the tick, provoked with hooks and latches. */
class ConcurrencyEdgesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aStopBetweenRegisteringAQuiesceWaiterAndCheckingTheState_stillAnswersTheWaiter() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture()) {
            fixture.gateway.start();
            fixture.gateway.quiesceTracker().betweenRegisterAndCheck(
                    () -> fixture.gateway.shutdown(Duration.ZERO, "stopped in between"));

            CompletableFuture<Boolean> quiesced = fixture.gateway.onQuiesced();

            assertThat(quiesced.get(10, TimeUnit.SECONDS)).as("answered, not left hanging").isFalse();
            assertThat(fixture.gateway.status().state()).isEqualTo(GatewayState.STOPPED);
        }
    }

    @Test
    void anInterruptDuringStart_doesNotSkipTheFirstRead_andIsKept() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UnaryOperator<DrainControlChannel> slowFirstRead = backing -> new ForwardingChannel(backing) {
            private final AtomicBoolean first = new AtomicBoolean(true);

            @Override
            public DrainSignal read() {
                if (first.getAndSet(false)) {
                    reading.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.read();
            }
        };
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY, slowFirstRead)) {
            fixture.channel.request(fixture.request("survived a restart"));
            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread starter = new Thread(() -> {
                fixture.gateway.start();
                interruptKept.set(Thread.currentThread().isInterrupted());
            }, "starter");
            starter.start();
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

            starter.interrupt();
            await().atMost(WAIT).until(() -> starter.getState() == Thread.State.WAITING
                    || starter.getState() == Thread.State.TIMED_WAITING);
            assertThat(fixture.gateway.status().state()).as("still starting while the first read is under way")
                    .isEqualTo(GatewayState.STARTING);
            release.countDown();
            starter.join(10_000);

            assertThat(fixture.gateway.status().state()).as("the request read at start is honoured")
                    .isEqualTo(GatewayState.DRAINING);
            assertThat(interruptKept).as("the interrupt flag is restored").isTrue();
        }
    }

    @Test
    void aFatalErrorInATick_isCounted_andTheTickGoesOn() {
        AtomicInteger reads = new AtomicInteger();
        UnaryOperator<DrainControlChannel> fatalOnce = backing -> new ForwardingChannel(backing) {
            @Override
            public DrainSignal read() {
                if (reads.incrementAndGet() == 2) {
                    throw new StackOverflowError("a fatal error inside a tick");
                }
                return super.read();
            }

            @Override
            public Subscription subscribe(ChannelListener listener, java.util.concurrent.Executor executor) {
                return () -> { };
            }
        };
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.FAST_TICK, fatalOnce)) {
            fixture.gateway.start();
            await().atMost(WAIT).until(() -> fixture.gateway.watcherFailures() == 1);

            fixture.channel.request(fixture.request("heard by a later tick"));

            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.DRAINING);
            assertThat(fixture.gateway.watcherFailures()).isEqualTo(1);
        }
    }
}
