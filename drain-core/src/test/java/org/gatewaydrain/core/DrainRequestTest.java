package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DrainRequestTest {

    private static final Instant AT = Instant.parse("2026-06-27T11:22:03.123456789Z");

    @Test
    void instants_areKeptToTheMicrosecond_likeTheReferenceWrites() {
        DrainRequest request = DrainRequest.of("nas", AT).withExpiresAt(AT);

        assertThat(request.requestedAt()).isEqualTo(Instant.parse("2026-06-27T11:22:03.123456Z"));
        assertThat(request.expiresAt()).contains(Instant.parse("2026-06-27T11:22:03.123456Z"));
    }

    @Test
    void action_isAlwaysDrain() {
        assertThat(DrainRequest.of("nas", AT).action()).isEqualTo("drain");
    }

    @Test
    void blankOptionals_areEmpty() {
        DrainRequest request = DrainRequest.of("nas", AT).withReason("  ").withEpoch("");

        assertThat(request.reason()).isEmpty();
        assertThat(request.epoch()).isEmpty();
    }

    @Test
    void blankPrincipal_isRefused() {
        assertThatThrownBy(() -> DrainRequest.of(" ", AT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("principal");
    }

    @Test
    void timeToLive_setsExpiryFromTheRequestTime() {
        assertThat(DrainRequest.of("nas", AT).withTimeToLive(Duration.ofMinutes(5)).expiresAt())
                .contains(Instant.parse("2026-06-27T11:27:03.123456Z"));
        assertThatThrownBy(() -> DrainRequest.of("nas", AT).withTimeToLive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
