package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.tck.ForwardingChannel;
import org.junit.jupiter.api.Test;

/** Start-up, the watcher's resilience, listeners and shutdown. */
class GatewayLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void startWithARequestPresent_comesUpDraining_andAdmitsNoTurnSentWhileStarting() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture()) {
            fixture.channel.request(fixture.request("ops"));
            AtomicBoolean keepSending = new AtomicBoolean(true);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            CountDownLatch sending = new CountDownLatch(1);
            CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
                while (keepSending.get() || sent.get() < 1_000) {
                    Admission admission = fixture.gateway.handle(MessageEvent.external("s" + sent.incrementAndGet(), "hi"));
                    if (admission instanceof Admission.Accepted) {
                        accepted.incrementAndGet();
                    }
                    sending.countDown();
                }
            });
            sending.await();

            fixture.gateway.start();
            keepSending.set(false);
            burst.get(30, TimeUnit.SECONDS);

            assertThat(fixture.gateway.status().state()).isEqualTo(GatewayState.DRAINING);
            assertThat(accepted.get()).isZero();
            assertThat(fixture.handler.started()).isZero();
            assertThat(fixture.gateway.status().activeTurns()).isZero();
        }
    }

    @Test
    void startWithoutARequest_comesUpRunning_andRefusesWhileStarting() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            assertThat(fixture.gateway.handle(MessageEvent.external("alice", "early")))
                    .isInstanceOfSatisfying(Admission.Refused.class,
                            refused -> assertThat(refused.state()).isEqualTo(GatewayState.STARTING));

            fixture.gateway.start();

            assertThat(fixture.gateway.status().state()).isEqualTo(GatewayState.RUNNING);
            assertThat(fixture.gateway.handle(MessageEvent.external("alice", "now"))).isInstanceOf(Admission.Accepted.class);
        }
    }

    @Test
    void startTwice_isRefused() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            fixture.gateway.start();

            assertThatThrownBy(fixture.gateway::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void tick_reconcilesAChannelThatNeverPushes() {
        UnaryOperator<DrainControlChannel> neverPushes = silent -> new ForwardingChannel(silent) {
            @Override
            public Subscription subscribe(ChannelListener listener, Executor executor) {
                return () -> { };
            }
        };
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.FAST_TICK, neverPushes)) {
            fixture.gateway.start();
            fixture.channel.request(fixture.request("ops"));

            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.DRAINING);
        }
    }

    @Test
    void watcher_survivesReadsThatThrow_countsThem_andCarriesOn() {
        AtomicInteger reads = new AtomicInteger();
        UnaryOperator<DrainControlChannel> brokenAtFirst = backing -> new ForwardingChannel(backing) {
            @Override
            public DrainSignal read() {
                if (reads.incrementAndGet() <= 3) {
                    throw new IllegalStateException("a transport that breaks the never-throw rule");
                }
                return super.read();
            }
        };
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.FAST_TICK, brokenAtFirst)) {
            fixture.channel.request(fixture.request("ops"));
            fixture.gateway.start();

            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.DRAINING);
            assertThat(fixture.gateway.watcherFailures()).isEqualTo(3);
        }
    }

    @Test
    void listenerThatThrows_isCounted_andListenersKeepHearingInOrder() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            fixture.gateway.addListener(new GatewayListener() {
                @Override
                public void stateChanged(GatewayState from, GatewayState to) {
                    throw new IllegalStateException("listener failure");
                }
            });
            fixture.gateway.addListener(new GatewayListener() {
                @Override
                public void stateChanged(GatewayState from, GatewayState to) {
                    heard.add(from.wireName() + ">" + to.wireName());
                }
            });
            fixture.gateway.start();
            fixture.channel.request(fixture.request("ops"));
            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.DRAINING);
            fixture.channel.cancel();

            await().atMost(WAIT).until(() -> heard.size() == 3);
            assertThat(heard).containsExactly("starting>running", "running>draining", "draining>running");
            assertThat(fixture.gateway.listenerFailures()).isEqualTo(3);
        }
    }

    @Test
    void quiescedListener_hearsHowLongTheDrainTook() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            List<Duration> quiesced = new CopyOnWriteArrayList<>();
            fixture.gateway.addListener(new GatewayListener() {
                @Override
                public void quiesced(Duration sinceDrainStarted) {
                    quiesced.add(sinceDrainStarted);
                }
            });
            fixture.gateway.start();
            fixture.gateway.handle(MessageEvent.external("alice", "work"));
            fixture.channel.request(fixture.request("ops"));
            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.DRAINING);
            fixture.clock.advance(Duration.ofSeconds(42));
            fixture.handler.finish(0, "done");

            await().atMost(WAIT).until(() -> quiesced.size() == 1);
            assertThat(quiesced).containsExactly(Duration.ofSeconds(42));
        }
    }

    @Test
    void shutdown_waitsForInFlightTurns_thenPublishesStopped_andRunningNeverReappears() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture()) {
            List<GatewayState> states = new CopyOnWriteArrayList<>();
            fixture.gateway.addListener(new GatewayListener() {
                @Override
                public void stateChanged(GatewayState from, GatewayState to) {
                    states.add(to);
                }
            });
            fixture.gateway.start();
            Admission.Accepted turn = (Admission.Accepted) fixture.gateway.handle(MessageEvent.external("alice", "x"));
            fixture.channel.request(fixture.request("ops"));
            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.DRAINING);
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> fixture.gateway.shutdown(WAIT, "SIGTERM"));
            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.STOPPING);
            fixture.channel.cancel();
            assertThat(fixture.gateway.handle(MessageEvent.internal("cron", "tick"))).isInstanceOf(Admission.Refused.class);

            fixture.handler.finish(0, "finished");
            shutdown.get(10, TimeUnit.SECONDS);

            assertThat(turn.reply().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("finished");
            assertThat(fixture.lastPublished()).hasValueSatisfying(s -> {
                assertThat(s.state()).isEqualTo(GatewayState.STOPPED);
                assertThat(s.exitReason()).contains("SIGTERM");
            });
            assertThat(states).containsExactly(GatewayState.RUNNING, GatewayState.DRAINING, GatewayState.STOPPING,
                    GatewayState.STOPPED);
        }
    }

    @Test
    void shutdown_interruptsTurnsStillRunningAfterTheTimeout() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            fixture.gateway.start();
            Admission.Accepted turn = (Admission.Accepted) fixture.gateway.handle(MessageEvent.external("alice", "x"));

            fixture.gateway.shutdown(Duration.ofMillis(20), "test");

            assertThat(fixture.handler.turn(0)).isCancelled();
            assertThatThrownBy(() -> turn.reply().toCompletableFuture().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(fixture.gateway.status().activeTurns()).isZero();
            assertThat(fixture.gateway.status().state()).isEqualTo(GatewayState.STOPPED);
        }
    }

    @Test
    void secondShutdown_waitsForTheFirst() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture()) {
            fixture.gateway.start();
            fixture.gateway.handle(MessageEvent.external("alice", "x"));
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> fixture.gateway.shutdown(WAIT, "first"));
            await().atMost(WAIT).until(() -> fixture.gateway.status().state() == GatewayState.STOPPING);
            Thread second = new Thread(() -> fixture.gateway.shutdown(WAIT, "second"), "second-shutdown");
            second.start();
            // Blocked inside shutdown, waiting for the first one: not merely not yet started.
            await().atMost(WAIT).until(() -> second.getState() == Thread.State.WAITING);

            assertThat(second.isAlive()).isTrue();
            fixture.handler.finish(0, "ok");
            first.get(10, TimeUnit.SECONDS);
            second.join(10_000);
            assertThat(second.isAlive()).isFalse();
            assertThat(fixture.gateway.status().exitReason()).contains("first");
        }
    }

    @Test
    void awaitQuiesced_answersFalseOnceTheGatewayStopped() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            fixture.gateway.start();
            CompletableFuture<Boolean> quiesced = fixture.gateway.onQuiesced();

            fixture.gateway.shutdown(Duration.ZERO, "test");

            assertThat(quiesced).isCompletedWithValue(false);
            assertThat(fixture.gateway.awaitQuiesced(Duration.ofSeconds(1))).isFalse();
        }
    }

    @Test
    void handlerThatThrows_releasesTheSessionAndFailsTheReply() {
        TurnHandler crashing = event -> {
            throw new IllegalStateException("agent crashed");
        };
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY, UnaryOperator.identity(), crashing)) {
            fixture.gateway.start();

            Admission admission = fixture.gateway.handle(MessageEvent.external("alice", "x"));

            assertThat(admission).isInstanceOfSatisfying(Admission.Accepted.class,
                    accepted -> assertThat(accepted.reply().toCompletableFuture()).isCompletedExceptionally());
            assertThat(fixture.gateway.status().activeTurns()).isZero();
            assertThat(fixture.gateway.handle(MessageEvent.external("alice", "again"))).isInstanceOf(Admission.Accepted.class);
        }
    }
}
