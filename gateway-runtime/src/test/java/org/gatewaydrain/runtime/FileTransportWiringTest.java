package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;
import org.gatewaydrain.transport.file.FileTransportProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime over the real file transport, opened through its provider as the server opens it. */
class FileTransportWiringTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private DrainTransport open() {
        return new FileTransportProvider().open(TransportSettings.builder().home(home).build());
    }

    private Gateway gateway(DrainTransport transport) {
        return Gateway.builder().transport(transport).turnHandler(event -> CompletableFuture.completedFuture("ok"))
                .settings(RuntimeSettings.DEFAULTS.withReconcileInterval(Duration.ofHours(1))).build();
    }

    @Test
    void markerWrittenByAnotherRequester_drainsTheGateway_andRemovingItResumes() throws IOException {
        try (DrainTransport transport = open(); DrainTransport requester = open()) {
            Gateway gateway = gateway(transport);
            gateway.start();
            try {
                requester.channel().request(DrainRequest.of("ops", Instant.now()).withReason("patch"));
                // Only the pushed change can do it in time: the tick is an hour away.
                await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.DRAINING);
                await().atMost(WAIT).until(() -> requester.statusStore().read() instanceof StatusReading.Published published
                        && published.status().state() == GatewayState.DRAINING && published.live());

                requester.channel().cancel();
                await().atMost(WAIT).until(() -> gateway.status().state() == GatewayState.RUNNING);
            } finally {
                gateway.shutdown(Duration.ZERO, "test");
            }
        }
        assertThat(Files.readString(home.resolve(FileStatusStore.STATUS_FILE))).contains("\"stopped\"");
    }

    @Test
    void markerThatSurvivedARestart_startsTheGatewayDraining() {
        try (DrainTransport requester = open()) {
            requester.channel().request(DrainRequest.of("ops", Instant.now()));
        }
        try (DrainTransport transport = open()) {
            Gateway gateway = gateway(transport);
            gateway.start();
            try {
                assertThat(gateway.status().state()).isEqualTo(GatewayState.DRAINING);
            } finally {
                gateway.shutdown(Duration.ZERO, "test");
            }
        }
    }

    @Test
    void garbageInTheMarker_drainsFailSafe() throws IOException {
        try (DrainTransport transport = open()) {
            Gateway gateway = gateway(transport);
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
}
