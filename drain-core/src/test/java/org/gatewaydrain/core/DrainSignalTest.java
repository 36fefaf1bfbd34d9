package org.gatewaydrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DrainSignalTest {

    private static final DrainRequest REQUEST = DrainRequest.of("nas", Instant.parse("2026-06-27T11:22:03Z"));

    @Test
    void absentAndStale_serve() {
        assertThat(DrainSignal.ABSENT.decision()).isEqualTo(DrainSignal.Decision.SERVE);
        assertThat(new DrainSignal.Stale(REQUEST, StaleReason.MAX_AGE, "old").decision()).isEqualTo(DrainSignal.Decision.SERVE);
    }

    @Test
    void presentAndContentless_drain_failSafe() {
        assertThat(new DrainSignal.Present(REQUEST).decision()).isEqualTo(DrainSignal.Decision.DRAIN);
        assertThat(new DrainSignal.Unreadable("garbage").decision()).isEqualTo(DrainSignal.Decision.DRAIN);
    }

    @Test
    void unknown_holds() {
        assertThat(new DrainSignal.Unknown("disconnected").decision()).isEqualTo(DrainSignal.Decision.HOLD);
    }
}
