package org.gatewaydrain.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.StaleReason;
import org.junit.jupiter.api.Test;

class StalenessTest {

    private static final Instant NOW = Instant.parse("2026-06-27T12:00:00Z");
    private final Staleness hourLimit = Staleness.of(Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC))
            .withEpochCheck(epoch -> epoch.equals("here") ? Optional.empty() : Optional.of("written under " + epoch));

    private static StaleReason why(DrainSignal signal) {
        return ((DrainSignal.Stale) signal).why();
    }

    @Test
    void aFreshRequest_applies() {
        assertThat(hourLimit.judge(DrainRequest.of("ops", NOW.minusSeconds(60)), true)).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void olderThanTheMaximumAge_isStale_unlessItsTimeWasNotStated() {
        DrainRequest old = DrainRequest.of("ops", NOW.minus(Duration.ofHours(1)).minusSeconds(1));

        assertThat(why(hourLimit.judge(old, true))).isEqualTo(StaleReason.MAX_AGE);
        assertThat(hourLimit.judge(old, false)).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void zeroMaximumAge_meansNoLimit() {
        Staleness unlimited = Staleness.of(Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(unlimited.judge(DrainRequest.of("ops", Instant.EPOCH), true)).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void pastItsExpiry_isStale_atTheVeryInstantToo() {
        assertThat(why(hourLimit.judge(DrainRequest.of("ops", NOW.minusSeconds(60)).withExpiresAt(NOW), true)))
                .isEqualTo(StaleReason.EXPIRED);
        assertThat(hourLimit.judge(DrainRequest.of("ops", NOW.minusSeconds(60)).withExpiresAt(NOW.plusMillis(1)), true))
                .isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void anotherEpoch_isStale_beforeAnyOtherRule_andNoEpochIsNeverStaleByEpoch() {
        DrainRequest expiredElsewhere = DrainRequest.of("ops", NOW.minusSeconds(60)).withExpiresAt(NOW).withEpoch("there");

        assertThat(hourLimit.judge(expiredElsewhere, true)).isInstanceOfSatisfying(DrainSignal.Stale.class, stale -> {
            assertThat(stale.why()).isEqualTo(StaleReason.EPOCH);
            assertThat(stale.detail()).contains("there");
        });
        assertThat(hourLimit.judge(DrainRequest.of("ops", NOW).withEpoch("here"), true)).isInstanceOf(DrainSignal.Present.class);
        assertThat(hourLimit.judge(DrainRequest.of("ops", NOW), true)).isInstanceOf(DrainSignal.Present.class);
    }
}
