package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.Guice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime over the real file transport, wired the way the server wires it. */
class FileTransportWiringTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private Gateway gateway() {
        return Guice.createInjector(
                new GatewayRuntimeModule(RuntimeSettings.DEFAULTS.withReconcileInterval(Duration.ofHours(1))),
                new FileTransportModule(home, FileDrainChannel.DEFAULT_MAX_AGE)).getInstance(Gateway.class);
    }

    @Test
    void markerWrittenByAnotherRequester_drainsTheGateway_andRemovingItResumes() throws IOException {
        Gateway gateway = gateway();
        gateway.start();
        try (DrainControlChannel requester = FileDrainChannel.builder().home(home).build()) {
            requester.request(DrainRequest.of("ops", Instant.now()).withReason("patch"));
            // Only the pushed change can do it in time: the tick is an hour away.
            await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.DRAINING);
            await().atMost(WAIT).until(() -> FileStatusStore.open(home).read()
                    .map(s -> s.state() == GatewayState.DRAINING && s.drain().isPresent()).orElse(false));

            requester.cancel();
            await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.RUNNING);
        } finally {
            gateway.shutdown(Duration.ZERO, "test");
        }
        assertThat(Files.readString(home.resolve(FileStatusStore.STATUS_FILE))).contains("\"stopped\"");
    }

    @Test
    void markerThatSurvivedARestart_startsTheGatewayDraining() {
        try (DrainControlChannel requester = FileDrainChannel.builder().home(home).build()) {
            requester.request(DrainRequest.of("ops", Instant.now()));
        }
        Gateway gateway = gateway();

        gateway.start();
        try {
            assertThat(gateway.status().state()).isEqualTo(GatewayState.DRAINING);
        } finally {
            gateway.shutdown(Duration.ZERO, "test");
        }
    }

    @Test
    void garbageInTheMarker_drainsFailSafe() throws IOException {
        Gateway gateway = gateway();
        gateway.start();
        try {
            Files.writeString(home.resolve(FileDrainChannel.MARKER_FILE), "\u0000\u00ff garbage");
            await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.DRAINING);
            assertThat(gateway.status().drain().flatMap(d -> d.reason())).hasValueSatisfying(
                    reason -> assertThat(reason).contains("unreadable"));
        } finally {
            gateway.shutdown(Duration.ZERO, "test");
        }
    }
}
