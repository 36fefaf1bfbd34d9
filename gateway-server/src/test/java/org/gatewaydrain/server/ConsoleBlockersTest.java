package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.junit.jupiter.api.Test;

/** What drain --wait adds to each in-flight line: the oldest blocker, its age and the estimate, by the gateway's clock. */
class ConsoleBlockersTest {

    /** The gateway's clock when it published; nothing here reads the machine's. */
    private static final Instant PUBLISHED = Instant.parse("2030-03-03T10:00:00Z");

    private static RuntimeStatus draining(int active, RuntimeStatus.Blockers blockers) {
        return new RuntimeStatus(1, "gateway", "gw-1", "host", PUBLISHED, GatewayState.DRAINING, active, Optional.empty(),
                Optional.empty(), ChannelHealth.OK, Optional.empty(), PUBLISHED, Optional.empty(), blockers);
    }

    @Test
    void theOldestBlocker_itsAge_andTheEstimate_areShown_escaped() {
        RuntimeStatus status = draining(2, new RuntimeStatus.Blockers(List.of(
                new RuntimeStatus.TurnInFlight("alice\u001b[2J", PUBLISHED.minusSeconds(72), false),
                new RuntimeStatus.TurnInFlight("bob", PUBLISHED.minusSeconds(3), false)),
                Optional.of(PUBLISHED.minusSeconds(72)), Optional.of(PUBLISHED.plusSeconds(40))));

        assertThat(Console.InFlight.blockers(status)).isEqualTo(
                "; oldest: session alice\\u001b[2J, 72s; expected quiet in ~40s (2030-03-03T10:00:40.000000+00:00)");
    }

    @Test
    void withoutHistory_itSaysSo_andWithNothingInFlight_nothingIsAdded() {
        RuntimeStatus unjudged = draining(1, new RuntimeStatus.Blockers(List.of(
                new RuntimeStatus.TurnInFlight("cron", PUBLISHED.minusSeconds(5), true)),
                Optional.of(PUBLISHED.minusSeconds(5)), Optional.empty()));

        assertThat(Console.InFlight.blockers(unjudged)).isEqualTo("; oldest: session cron (internal), 5s; no estimate yet");
        assertThat(Console.InFlight.blockers(draining(0, RuntimeStatus.Blockers.NONE))).isEmpty();
    }
}
