package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A drain's deadline, kept by the gateway on its own clock: {@code interrupt} cancels what is in
 * flight and stays drained, {@code stop} shuts down; a gateway started past the deadline acts at
 * once; without a deadline nothing happens however long the drain lasts. The fixture's clock is
 * moved by each test.
 */
class DeadlineTest {

    private final GatewayFixture fixture = new GatewayFixture(GatewayFixture.PUSH_ONLY);
    private final List<RuntimeStatus.DeadlinePassed> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Gateway start() {
        fixture.gateway.addListener(new GatewayListener() {
            @Override
            public void deadlinePassed(RuntimeStatus.DeadlinePassed passed) {
                heard.add(passed);
            }
        });
        fixture.gateway.start();
        return fixture.gateway;
    }

    private DrainRequest withDeadline(Duration after, OnDeadline action) {
        Instant now = fixture.clock.instant();
        return fixture.request("ops").withPolicy(DrainPolicy.deadline(now.plus(after), action));
    }

    @Test
    void atAnInterruptDeadline_theTurnsInFlightAreInterrupted_andTheGatewayStaysDrainedAndQuiesces() throws Exception {
        Gateway gateway = start();
        assertThat(gateway.handle(MessageEvent.external("long", "think for minutes"))).isInstanceOf(Admission.Accepted.class);
        fixture.channel.request(withDeadline(Duration.ofMinutes(10), OnDeadline.INTERRUPT));
        gateway.reconcile();
        assertThat(gateway.status().drain().orElseThrow().policy().deadlineAt()).isPresent();

        fixture.clock.advance(Duration.ofMinutes(10).minusMillis(1));
        gateway.reconcile();
        assertThat(fixture.handler.turn(0)).as("a millisecond before the deadline").isNotDone();

        fixture.clock.advance(Duration.ofMillis(1));
        gateway.reconcile();

        assertThat(fixture.handler.turn(0)).isCancelled();
        assertThat(gateway.onQuiesced().get(10, TimeUnit.SECONDS)).isTrue();
        RuntimeStatus status = gateway.status();
        assertThat(status.state()).isEqualTo(GatewayState.DRAINING);
        assertThat(status.drain().orElseThrow().deadlinePassed())
                .contains(new RuntimeStatus.DeadlinePassed(fixture.clock.instant(), OnDeadline.INTERRUPT, 1));
        gateway.flushEvents();
        assertThat(heard).hasSize(1);

        fixture.clock.advance(Duration.ofMinutes(1));
        gateway.reconcile();
        gateway.flushEvents();
        assertThat(heard).as("the deadline acts once").hasSize(1);
        assertThat(gateway.handle(MessageEvent.external("new", "hi"))).as("still drained").isInstanceOf(Admission.Refused.class);
    }

    @Test
    void theTimerActsAtTheDeadline_withoutAnotherRead() throws Exception {
        Gateway gateway = start();
        gateway.handle(MessageEvent.external("long", "think"));
        fixture.channel.request(withDeadline(Duration.ofMillis(200), OnDeadline.INTERRUPT));
        gateway.reconcile();
        CompletableFuture<Boolean> quiesced = gateway.onQuiesced();

        // The tick is an hour away and nothing is pushed: only the gateway's own wake-up can act.
        fixture.clock.advance(Duration.ofMillis(200));

        assertThat(quiesced.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fixture.handler.turn(0)).isCancelled();
    }

    @Test
    void atAStopDeadline_theGatewayShutsDown_asOnSigterm() throws Exception {
        Gateway gateway = start();
        gateway.handle(MessageEvent.external("long", "think"));
        fixture.channel.request(withDeadline(Duration.ofSeconds(30), OnDeadline.STOP));
        gateway.reconcile();

        fixture.clock.advance(Duration.ofSeconds(30));
        gateway.reconcile();
        // Shutdown waits shutdown.drain_timeout for the turn; let it end.
        fixture.handler.finish(0, "done");

        gateway.whenStopped().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(gateway.status().state()).isEqualTo(GatewayState.STOPPED);
        assertThat(gateway.status().exitReason()).contains("drain deadline passed");
        gateway.flushEvents();
        assertThat(heard).extracting(RuntimeStatus.DeadlinePassed::action).containsExactly(OnDeadline.STOP);
    }

    @Test
    void aGatewayStartedPastTheDeadline_actsAtOnce() throws Exception {
        fixture.channel.request(withDeadline(Duration.ofSeconds(5), OnDeadline.STOP));
        fixture.clock.advance(Duration.ofMinutes(1));

        start();

        fixture.gateway.whenStopped().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(fixture.gateway.status().exitReason()).contains("drain deadline passed");
    }

    @Test
    void aLaterDeadlineWrittenAfterTheFirstPassed_actsAgainAtItsOwnTime() {
        Gateway gateway = start();
        fixture.channel.request(withDeadline(Duration.ofSeconds(5), OnDeadline.INTERRUPT));
        gateway.reconcile();
        fixture.clock.advance(Duration.ofSeconds(5));
        gateway.reconcile();
        assertThat(gateway.status().drain().orElseThrow().deadlinePassed()).isPresent();

        gateway.handle(MessageEvent.internal("replay", "resume"));
        fixture.channel.request(withDeadline(Duration.ofSeconds(5), OnDeadline.INTERRUPT));
        gateway.reconcile();
        assertThat(gateway.status().drain().orElseThrow().deadlinePassed()).as("a new deadline is pending").isEmpty();
        fixture.clock.advance(Duration.ofSeconds(5));
        gateway.reconcile();

        assertThat(fixture.handler.turn(0)).isCancelled();
        assertThat(gateway.status().drain().orElseThrow().deadlinePassed().orElseThrow().interrupted()).isEqualTo(1);
    }

    @Test
    void withoutADeadline_nothingIsInterrupted_forAsLongAsTheRequestHolds() {
        Gateway gateway = start();
        gateway.handle(MessageEvent.external("long", "think"));
        fixture.channel.request(fixture.request("ops"));
        gateway.reconcile();

        fixture.clock.advance(Duration.ofMinutes(59));
        gateway.reconcile();

        assertThat(fixture.handler.turn(0)).isNotDone();
        assertThat(gateway.status().drain().orElseThrow().deadlinePassed()).isEqualTo(Optional.empty());
    }
}
