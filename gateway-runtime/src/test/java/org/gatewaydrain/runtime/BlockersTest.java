package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.gatewaydrain.core.RuntimeStatus;
import org.junit.jupiter.api.Test;

/** Who blocks a drain: the turns in flight the status names, the oldest, and the estimate from finished turns. */
class BlockersTest extends StartedGatewayTest {

    @Test
    void theStatusNamesTheOldestTurnsFirst_upToTheCap_andWhenTheOldestBegan() {
        Gateway gateway = start(GatewayFixture.PUSH_ONLY.withTurnsShown(2));
        Instant first = fixture.clock.instant();
        // A turn is stamped when a status first sees it (within the status's settle window in a running gateway).
        gateway.handle(new MessageEvent("alice", "hi", false, java.util.Map.of()));
        gateway.status();
        fixture.clock.advance(Duration.ofSeconds(5));
        gateway.handle(new MessageEvent("cron", "tick", true, java.util.Map.of()));
        gateway.status();
        fixture.clock.advance(Duration.ofSeconds(5));
        gateway.handle(new MessageEvent("bob", "hi", false, java.util.Map.of()));

        RuntimeStatus.Blockers blockers = gateway.status().blockers();

        assertThat(gateway.status().activeTurns()).isEqualTo(3);
        assertThat(blockers.turns()).containsExactly(new RuntimeStatus.TurnInFlight("alice", first, false),
                new RuntimeStatus.TurnInFlight("cron", first.plusSeconds(5), true));
        assertThat(blockers.oldestStartedAt()).contains(first);
        assertThat(blockers.expectedQuiescedAt()).as("no turn has finished yet: nothing to judge by").isEmpty();
    }

    @Test
    void aTurnNoStatusSawBeforeItEnded_isNotCounted() {
        Gateway gateway = start(GatewayFixture.PUSH_ONLY);
        for (int i = 0; i < 3; i++) {
            gateway.handle(new MessageEvent("quick" + i, "hi", false, java.util.Map.of()));
            fixture.handler.finish(i, "done");
        }
        gateway.handle(new MessageEvent("slow", "hi", false, java.util.Map.of()));
        gateway.status();
        fixture.clock.advance(Duration.ofSeconds(1));

        assertThat(gateway.status().blockers().expectedQuiescedAt()).as("no turn recorded at all").isEmpty();
    }

    @Test
    void afterTurnsOfAKnownLength_theEstimateIsWhenTheLastInFlightShouldEnd() {
        Gateway gateway = start(GatewayFixture.PUSH_ONLY);
        for (int i = 0; i < 5; i++) {
            gateway.handle(new MessageEvent("s" + i, "hi", false, java.util.Map.of()));
            gateway.status();
            fixture.clock.advance(Duration.ofSeconds(60));
            fixture.handler.finish(i, "done");
        }
        gateway.handle(new MessageEvent("late", "hi", false, java.util.Map.of()));
        Instant lateStart = fixture.clock.instant();
        gateway.status();
        fixture.clock.advance(Duration.ofSeconds(20));

        RuntimeStatus status = gateway.status();

        assertThat(status.blockers().expectedQuiescedAt()).contains(lateStart.plusSeconds(60));
        fixture.handler.finish(5, "done");
        assertThat(gateway.status().blockers()).isEqualTo(RuntimeStatus.Blockers.NONE);
    }
}
