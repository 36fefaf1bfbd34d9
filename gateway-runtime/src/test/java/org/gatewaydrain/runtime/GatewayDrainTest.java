package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference drain behaviours, each on its own. */
class GatewayDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private GatewayFixture fixture;
    private Gateway gateway;

    @BeforeEach
    void start() {
        fixture = new GatewayFixture();
        gateway = fixture.gateway;
        gateway.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<GatewayState> publishedStates() {
        gateway.flushStatus();
        return fixture.store.history().stream().map(RuntimeStatus::state).toList();
    }

    @Test
    void enterDrain_setsDrainingAndPublishesIt() {
        assertThat(gateway.enterDrain(fixture.drain("ops"))).isTrue();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.DRAINING);
        assertThat(gateway.status().drain()).hasValueSatisfying(d -> assertThat(d.principal()).isEqualTo("ops"));
        gateway.flushStatus();
        assertThat(fixture.lastPublished()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(GatewayState.DRAINING));
    }

    @Test
    void enterDrainTwice_changesNothingAndWritesNoStatus() {
        gateway.enterDrain(fixture.drain("first"));
        int writes = publishedStates().size();

        assertThat(gateway.enterDrain(fixture.drain("second"))).isFalse();

        assertThat(publishedStates()).hasSize(writes);
        assertThat(gateway.status().drain()).hasValueSatisfying(d -> assertThat(d.principal()).isEqualTo("first"));
    }

    @Test
    void exitDrain_returnsToRunning() {
        gateway.enterDrain(fixture.drain("ops"));

        assertThat(gateway.exitDrain()).isTrue();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.RUNNING);
        assertThat(gateway.status().drain()).isEmpty();
        assertThat(publishedStates()).last().isEqualTo(GatewayState.RUNNING);
    }

    @Test
    void exitDrainWhenNotDraining_doesNothingAndWritesNoStatus() {
        int writes = publishedStates().size();

        assertThat(gateway.exitDrain()).isFalse();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.RUNNING);
        assertThat(publishedStates()).hasSize(writes);
    }

    @Test
    void exitOrEnterDrainDuringShutdown_changesNothing() throws Exception {
        gateway.enterDrain(fixture.drain("ops"));
        gateway.handle(MessageEvent.internal("cron", "tick"));
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> gateway.shutdown(WAIT, "test"));
        await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.STOPPING);

        assertThat(gateway.exitDrain()).isFalse();
        assertThat(gateway.enterDrain(fixture.drain("late"))).isFalse();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.STOPPING);
        fixture.handler.finish(0, "done");
        shutdown.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(gateway.status().state()).isEqualTo(GatewayState.STOPPED);
        assertThat(publishedStates()).containsSubsequence(GatewayState.STOPPED).last().isEqualTo(GatewayState.STOPPED);
    }

    @Test
    void exitOrEnterDrainAfterShutdown_doesNotRevert() {
        gateway.enterDrain(fixture.drain("ops"));
        gateway.shutdown(WAIT, "test");

        assertThat(gateway.exitDrain()).isFalse();
        assertThat(gateway.enterDrain(fixture.drain("late"))).isFalse();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.STOPPED);
        assertThat(fixture.lastPublished()).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(GatewayState.STOPPED);
            assertThat(s.exitReason()).contains("test");
        });
    }

    @Test
    void watcher_entersDrainWhenARequestAppears_andLeavesWhenItGoes() {
        fixture.channel.request(fixture.request("ops"));
        await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.DRAINING);

        fixture.channel.cancel();
        await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.RUNNING);
    }

    @Test
    void newExternalTurnWhileDraining_isRefusedWithTheDrainingReply() {
        gateway.enterDrain(fixture.drain("ops"));

        Admission admission = gateway.handle(MessageEvent.external("alice", "hello"));

        assertThat(admission).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
            assertThat(refused.state()).isEqualTo(GatewayState.DRAINING);
            assertThat(refused.immediateReply()).contains("draining").contains("resend");
        });
        assertThat(fixture.handler.started()).isZero();
        assertThat(gateway.status().activeTurns()).isZero();
    }

    @Test
    void enteringDrain_leavesAnInFlightTurnRunningAndUninterrupted() throws Exception {
        Admission.Accepted accepted = (Admission.Accepted) gateway.handle(MessageEvent.external("alice", "long job"));

        gateway.enterDrain(fixture.drain("ops"));

        assertThat(fixture.handler.turn(0)).isNotDone();
        assertThat(gateway.status().activeTurns()).isEqualTo(1);
        assertThat(gateway.status().quiesced()).isFalse();
        fixture.handler.finish(0, "finished normally");
        assertThat(accepted.reply().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("finished normally");
        assertThat(gateway.status().activeTurns()).isZero();
        assertThat(gateway.status().quiesced()).isTrue();
    }

    @Test
    void internalEvents_bypassTheDrainGate() {
        gateway.enterDrain(fixture.drain("ops"));

        assertThat(gateway.handle(MessageEvent.internal("scheduler", "nightly"))).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void secondMessageForASessionWithARunningTurn_isBusy() {
        gateway.handle(MessageEvent.external("alice", "first"));

        assertThat(gateway.handle(MessageEvent.external("alice", "second")))
                .isInstanceOfSatisfying(Admission.Busy.class, busy -> assertThat(busy.session()).isEqualTo("alice"));
        assertThat(gateway.handle(MessageEvent.external("bob", "other"))).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void sessionIsFreeAgainOnceItsTurnEnds() {
        gateway.handle(MessageEvent.external("alice", "first"));
        fixture.handler.finish(0, "ok");

        assertThat(gateway.handle(MessageEvent.external("alice", "second"))).isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void awaitQuiesced_returnsWhenTheLastTurnEnds_andTimesOutOtherwise() {
        gateway.handle(MessageEvent.external("alice", "one"));
        gateway.enterDrain(fixture.drain("ops"));
        assertThat(gateway.awaitQuiesced(Duration.ofMillis(50))).isFalse();

        CompletableFuture<Boolean> quiesced = gateway.onQuiesced();
        assertThat(quiesced).isNotDone();
        fixture.handler.finish(0, "ok");

        assertThat(quiesced).isCompletedWithValue(true);
        assertThat(gateway.awaitQuiesced(Duration.ZERO)).isTrue();
    }

    @Test
    void unreadableRequest_drainsAndTheStatusSaysWhy() {
        fixture.channel.hold(new DrainSignal.Unreadable("the marker is not valid JSON"));
        gateway.reconcile();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.DRAINING);
        assertThat(gateway.status().drain()).hasValueSatisfying(d ->
                assertThat(d.reason()).hasValueSatisfying(r -> assertThat(r).contains("not valid JSON")));
    }

    @Test
    void staleRequest_isServed() {
        gateway.enterDrain(fixture.drain("ops"));
        fixture.channel.hold(new DrainSignal.Stale(fixture.request("old"), StaleReason.EPOCH, "from an earlier boot"));
        gateway.reconcile();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.RUNNING);
    }

    @Test
    void unreachableChannel_holdsTheLastStateAndReportsDegraded() {
        fixture.channel.request(fixture.request("ops"));
        gateway.reconcile();
        fixture.channel.unreachable(true);
        // The request goes while the gateway cannot see the channel.
        fixture.channel.hold(DrainSignal.ABSENT);
        gateway.reconcile();

        assertThat(gateway.status().state()).isEqualTo(GatewayState.DRAINING);
        assertThat(gateway.status().controlChannel()).isEqualTo(ChannelHealth.DEGRADED);

        fixture.channel.unreachable(false);
        gateway.reconcile();
        assertThat(gateway.status().state()).isEqualTo(GatewayState.RUNNING);
        assertThat(gateway.status().controlChannel()).isEqualTo(ChannelHealth.OK);
    }

    @Test
    void statusIsPublishedOnEveryTransitionAndCountChange() {
        gateway.handle(MessageEvent.external("alice", "one"));
        gateway.flushStatus();
        assertThat(fixture.lastPublished()).hasValueSatisfying(s -> assertThat(s.activeTurns()).isEqualTo(1));

        gateway.enterDrain(fixture.drain("ops"));
        fixture.handler.finish(0, "ok");
        gateway.flushStatus();

        assertThat(fixture.lastPublished()).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(GatewayState.DRAINING);
            assertThat(s.activeTurns()).isZero();
            assertThat(s.quiesced()).isTrue();
        });
    }
}
