package org.gatewaydrain.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.gatewaydrain.core.DrainControlException;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

    private final TransportSettings settings = TransportSettings.builder().home(Path.of("/tmp/h"))
            .put("example.timeout", "soon", "the environment variable GATEWAY_EXAMPLE_TIMEOUT")
            .put("example.interval", " 250ms ", "gateway.yaml")
            .build();

    @Test
    void durations_areReadAsOperatorsWriteThem_withAFallback() {
        assertThat(settings.duration("example.interval", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.duration("example.missing", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aBadValue_failsNamingTheKeyAndWhereItCameFrom() {
        assertThatThrownBy(() -> settings.duration("example.timeout", Duration.ZERO))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining("example.timeout")
                .hasMessageContaining("GATEWAY_EXAMPLE_TIMEOUT")
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void sharedSettings_haveTheContractDefaults() {
        assertThat(settings.maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.instanceId()).isNotBlank();
        assertThatThrownBy(() -> TransportSettings.builder().maxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("drain.max_age");
    }
}
