package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.tck.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatusStoreTest {

    private static final Instant START = Instant.parse("2026-06-27T11:00:00Z");
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** No process has this pid: Linux caps pids far lower. */
    private static final long GONE_PID = 999_999_999L;

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(START.plusSeconds(600));
    private Path file;
    private RuntimeStatusStore store;

    @BeforeEach
    void open() {
        store = FileStatusStore.builder().home(home).clock(clock).heartbeat(HEARTBEAT).build();
        file = home.resolve(FileStatusStore.STATUS_FILE);
    }

    private static RuntimeStatus status(long pid, Instant startTime, GatewayState state, Instant updatedAt) {
        return new RuntimeStatus(pid, RuntimeStatus.KIND_GATEWAY, "gw-1", "host-a", startTime, state, 2,
                Optional.of(new RuntimeStatus.Drain("nas", START.plusSeconds(60), Optional.of("patch"), Optional.empty(),
                        START.plusSeconds(61))),
                Optional.of(new RuntimeStatus.IgnoredDrain("old", START, StaleReason.EPOCH)),
                ChannelHealth.OK, Optional.empty(), updatedAt);
    }

    private RuntimeStatus elsewhere(Instant updatedAt) {
        return status(GONE_PID, START, GatewayState.DRAINING, updatedAt);
    }

    private static boolean live(StatusReading reading) {
        return ((StatusReading.Published) reading).live();
    }

    @Test
    void publish_writesTheContractFieldsOwnerOnly() throws IOException {
        store.publish(elsewhere(clock.instant()));

        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.path("pid").asLong()).isEqualTo(GONE_PID);
        assertThat(json.path("kind").asText()).isEqualTo("gateway");
        assertThat(json.path("instance_id").asText()).isEqualTo("gw-1");
        assertThat(json.path("host").asText()).isEqualTo("host-a");
        assertThat(json.path("start_time").asText()).isEqualTo("2026-06-27T11:00:00.000000+00:00");
        assertThat(json.path("gateway_state").asText()).isEqualTo("draining");
        assertThat(json.path("active_agents").asInt()).isEqualTo(2);
        assertThat(json.path("drain").path("principal").asText()).isEqualTo("nas");
        assertThat(json.path("drain").path("since").asText()).isEqualTo("2026-06-27T11:01:01.000000+00:00");
        assertThat(json.path("drain_ignored").path("why").asText()).isEqualTo("epoch");
        assertThat(json.path("control_channel").asText()).isEqualTo("ok");
        assertThat(json.has("exit_reason")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aPublisherVisibleHere_isLiveWhateverItsHeartbeat() {
        ProcessHandle self = ProcessHandle.current();
        store.publish(status(self.pid(), self.info().startInstant().orElseThrow(), GatewayState.RUNNING, START));

        assertThat(live(store.read())).isTrue();
    }

    @Test
    void aPublisherNotVisibleHere_isLiveWhileItsHeartbeatIsFresh() {
        store.publish(elsewhere(clock.instant()));
        assertThat(live(store.read())).isTrue();

        clock.advance(HEARTBEAT.multipliedBy(FileStatusStore.HEARTBEAT_GRACE).minusMillis(1));
        assertThat(live(store.read())).isTrue();

        clock.advance(Duration.ofMillis(2));
        assertThat(live(store.read())).isFalse();
    }

    @Test
    void aReusedPid_isNotTakenForThePublisher() {
        ProcessHandle self = ProcessHandle.current();
        Instant someoneElsesStart = self.info().startInstant().orElseThrow().minus(Duration.ofHours(3));
        store.publish(status(self.pid(), someoneElsesStart, GatewayState.RUNNING, START));

        assertThat(live(store.read())).isFalse();
    }

    @Test
    void aStoppedPublisher_isNotLive_evenWithAFreshHeartbeat() {
        ProcessHandle self = ProcessHandle.current();
        store.publish(status(self.pid(), self.info().startInstant().orElseThrow(), GatewayState.STOPPED, clock.instant()));

        assertThat(live(store.read())).isFalse();
    }

    @Test
    void referenceStyleStatus_withExtraFields_isRead() throws IOException {
        Files.writeString(file, "{\"pid\": 77, \"kind\": \"hermes-gateway\", \"gateway_state\": \"running\","
                + " \"active_agents\": 3, \"platforms\": {\"telegram\": \"connected\"},"
                + " \"updated_at\": \"2026-06-27T11:22:03.123456+00:00\"}");

        RuntimeStatus read = ((StatusReading.Published) store.read()).status();
        assertThat(read.pid()).isEqualTo(77);
        assertThat(read.state()).isEqualTo(GatewayState.RUNNING);
        assertThat(read.activeTurns()).isEqualTo(3);
        assertThat(read.drain()).isEmpty();
    }

    @Test
    void nothingPublished_readsAbsent() {
        assertThat(store.read()).isEqualTo(StatusReading.ABSENT);
    }

    @Test
    void corruptOversizedOrFifoStatus_readsUnknown() throws Exception {
        Files.writeString(file, "{\"gateway_state\": \"exploded\"}");
        assertThat(store.read()).isInstanceOf(StatusReading.Unknown.class);

        Files.writeString(file, "not json");
        assertThat(store.read()).isInstanceOf(StatusReading.Unknown.class);

        Files.writeString(file, "{\"gateway_state\": \"running\", \"pad\": \"" + "x".repeat(FileStatusStore.MAX_BYTES) + "\"}");
        assertThat(store.read()).isInstanceOfSatisfying(StatusReading.Unknown.class,
                unknown -> assertThat(unknown.cause()).contains("KiB"));

        Files.delete(file);
        MarkerReadTest.mkfifo(file);
        assertThat(store.read()).isInstanceOfSatisfying(StatusReading.Unknown.class,
                unknown -> assertThat(unknown.cause()).contains("FIFO"));
    }

    @Test
    void aSymbolicLinkAtTheStatusPath_isNotFollowed() throws IOException {
        Path elsewhere = home.resolve("elsewhere.json");
        Files.writeString(elsewhere, "{\"gateway_state\": \"running\"}");
        Files.createSymbolicLink(file, elsewhere);

        assertThat(store.read()).isInstanceOf(StatusReading.Unknown.class);
    }

    @Test
    void missingHome_readsUnknown() throws IOException {
        Files.delete(home);

        assertThat(store.read()).isInstanceOf(StatusReading.Unknown.class);
        Files.createDirectory(home);
    }
}
