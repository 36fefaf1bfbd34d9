package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.gatewaydrain.core.DrainControlException;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

    @Test
    void badValues_failNamingTheKey() {
        assertThatThrownBy(() -> RuntimeSettings.DEFAULTS.withReconcileInterval(Duration.ZERO))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("watcher.interval");
        assertThatThrownBy(() -> RuntimeSettings.DEFAULTS.withDrainTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("shutdown.drain_timeout");
        assertThatThrownBy(() -> RuntimeSettings.DEFAULTS.withStatusHeartbeat(Duration.ZERO))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("status.heartbeat");
    }
}
