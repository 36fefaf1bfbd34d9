package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatusStoreTest {

    private static final Instant START = Instant.parse("2026-06-27T11:00:00Z");
    private static final Instant LATER = Instant.parse("2026-06-27T11:30:00Z");

    @TempDir
    Path home;

    private Path file;
    private RuntimeStatusStore store;

    @BeforeEach
    void open() {
        store = FileStatusStore.open(home, Clock.fixed(LATER, ZoneOffset.UTC));
        file = home.resolve(FileStatusStore.STATUS_FILE);
    }

    private static RuntimeStatus draining(int active) {
        return new RuntimeStatus(4242, RuntimeStatus.KIND_GATEWAY, START, GatewayState.DRAINING, active,
                Optional.of(new RuntimeStatus.Drain("nas", START.plusSeconds(60), Optional.of("patch"))),
                ChannelHealth.OK, Optional.empty(), START.plusSeconds(61));
    }

    @Test
    void publish_writesTheContractFieldsOwnerOnly() throws IOException {
        store.publish(draining(2));

        JsonNode json = MarkerCodec.JSON.readTree(Files.readString(file));
        assertThat(json.path("pid").asLong()).isEqualTo(4242);
        assertThat(json.path("kind").asText()).isEqualTo("gateway");
        assertThat(json.path("start_time").asText()).isEqualTo("2026-06-27T11:00:00.000000+00:00");
        assertThat(json.path("gateway_state").asText()).isEqualTo("draining");
        assertThat(json.path("active_agents").asInt()).isEqualTo(2);
        assertThat(json.path("drain").path("principal").asText()).isEqualTo("nas");
        assertThat(json.path("drain").path("reason").asText()).isEqualTo("patch");
        assertThat(json.path("control_channel").asText()).isEqualTo("ok");
        assertThat(json.has("exit_reason")).isTrue();
        assertThat(json.path("updated_at").asText()).startsWith("2026-06-27T11:01:01");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void notDraining_writesDrainAsNull() throws IOException {
        store.publish(new RuntimeStatus(1, RuntimeStatus.KIND_GATEWAY, START, GatewayState.RUNNING, 0,
                Optional.empty(), ChannelHealth.OK, Optional.empty(), START));

        assertThat(MarkerCodec.JSON.readTree(Files.readString(file)).path("drain").isNull()).isTrue();
    }

    @Test
    void countOnlyPublish_keepsTheStateAndStampsTheTime() {
        store.publish(draining(2));

        store.publishActiveAgents(0);

        RuntimeStatus read = store.read().orElseThrow();
        assertThat(read).isEqualTo(draining(0).withActiveAgents(0, LATER));
        assertThat(read.quiesced()).isTrue();
    }

    @Test
    void referenceStyleStatus_withExtraFields_isRead() throws IOException {
        Files.writeString(file, "{\"pid\": 77, \"kind\": \"hermes-gateway\", \"gateway_state\": \"running\","
                + " \"active_agents\": 3, \"platforms\": {\"telegram\": \"connected\"},"
                + " \"updated_at\": \"2026-06-27T11:22:03.123456+00:00\"}");

        RuntimeStatus read = store.read().orElseThrow();
        assertThat(read.pid()).isEqualTo(77);
        assertThat(read.state()).isEqualTo(GatewayState.RUNNING);
        assertThat(read.activeAgents()).isEqualTo(3);
        assertThat(read.drain()).isEmpty();
    }

    @Test
    void corruptStatus_readsEmpty() throws IOException {
        Files.writeString(file, "{\"gateway_state\": \"exploded\"}");
        assertThat(store.read()).isEmpty();

        Files.writeString(file, "not json");
        assertThat(store.read()).isEmpty();
    }
}
