package org.gatewaydrain.transport.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.junit.jupiter.api.Test;

/**
 * A read made just as ZooKeeper goes away says unknown once the client knows (a second or two:
 * the client's next connection attempt fails), instead of waiting in Curator's retries (about
 * ten seconds here, whatever the session), which would outlast the bound.
 */
class LostConnectionReadTest {

    private static final Duration BOUND = Duration.ofSeconds(6);

    @Test
    void aReadAsZooKeeperGoesAway_readsUnknownWellBeforeTheSessionCouldEnd() throws Exception {
        // A server that grants the minute asked for (by default it grants far less).
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 3000, -1,
                java.util.Map.of("maxSessionTimeout", "120000"));
        try (TestingServer server = new TestingServer(spec, true);
                DrainTransport transport = new ZooKeeperTransportProvider().open(TransportSettings.builder()
                        .home(Path.of("unused")).instanceId("gw-1")
                        .put(ZooKeeperTransportProvider.CONNECT, server.getConnectString())
                        .put(ZooKeeperTransportProvider.SESSION_TIMEOUT, "60s").build())) {
            assertThat(transport.channel().read()).isEqualTo(DrainSignal.ABSENT);

            server.stop();

            assertThat(assertTimeoutPreemptively(BOUND, () -> transport.channel().read()))
                    .isInstanceOf(DrainSignal.Unknown.class);
            assertThat(assertTimeoutPreemptively(BOUND, () -> transport.statusStore().read()))
                    .isInstanceOf(StatusReading.Unknown.class);
            assertThat(assertTimeoutPreemptively(BOUND, () -> transport.statusStore().readFleet()))
                    .isInstanceOf(FleetReading.Unknown.class);
        }
    }
}
