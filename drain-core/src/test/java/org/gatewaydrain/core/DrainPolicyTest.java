package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrainPolicyTest {

    private static final Instant BEGAN = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void theHardEnd_isTheDeadline_elseTheConfiguredMaximum_elseFourTimesTheGrace() {
        DrainPolicy grace = DrainPolicy.NONE.withSessionGrace(Duration.ofMinutes(2));

        assertThat(grace.hardEnd(BEGAN, Optional.empty())).isEqualTo(BEGAN.plus(Duration.ofMinutes(8)));
        assertThat(grace.hardEnd(BEGAN, Optional.of(Duration.ofMinutes(3)))).isEqualTo(BEGAN.plus(Duration.ofMinutes(3)));
        DrainPolicy withDeadline = new DrainPolicy(Optional.of(BEGAN.plusSeconds(30)), OnDeadline.INTERRUPT, Duration.ofMinutes(2));
        assertThat(withDeadline.hardEnd(BEGAN, Optional.of(Duration.ofMinutes(3)))).isEqualTo(BEGAN.plusSeconds(30));
    }

    @Test
    void graceIsWholeSeconds_boundedByADay_andNeverNegative() {
        assertThat(DrainPolicy.NONE.withSessionGrace(Duration.ofMillis(2500)).sessionGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(DrainPolicy.NONE.withSessionGrace(Duration.ofDays(30)).sessionGrace()).isEqualTo(DrainPolicy.MAX_GRACE);
        assertThat(DrainPolicy.NONE.hasGrace()).isFalse();
        assertThatThrownBy(() -> DrainPolicy.NONE.withSessionGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quiesced_needsNoConversationInGrace() {
        assertThat(GatewayState.DRAINING.quiescedWith(0, 0)).isTrue();
        assertThat(GatewayState.DRAINING.quiescedWith(0, 1)).isFalse();
        assertThat(GatewayState.DRAINING.quiescedWith(1, 0)).isFalse();
        assertThat(GatewayState.RUNNING.quiescedWith(0, 0)).isFalse();
    }
}
