package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The marker as other programs and crashes leave it. */
@Tag("live")
class MarkerLiveTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int KILLS = 12;

    @TempDir
    Path home;

    @Test
    void garbageWrittenByHand_drainsTheGateway_andTheStatusSaysWhy() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.serve("garbage", LiveHome.env(home), "run", "--port", "0")) {
            LiveApi api = LiveApi.of(gateway, home);
            long written = System.nanoTime();
            Files.write(home.resolve(LiveHome.MARKER), new byte[] {(byte) 0xff, 0x00, '{', '{', (byte) 0xc3});

            Duration took = Latency.until(written, BOUND, "draining",
                    () -> api.status().path("gateway_state").asText().equals("draining"));

            JsonNode drain = api.status().path("drain");
            assertThat(drain.path("reason").asText()).contains("unreadable").contains("UTF-8");
            Latency.report("garbage", "gateway drained on a corrupt marker", took);
        }
    }

    @Test
    void referenceMinimalMarker_writtenByAnotherProgram_drainsTheGateway() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.serve("reference", LiveHome.env(home), "run", "--port", "0")) {
            LiveApi api = LiveApi.of(gateway, home);
            Path marker = home.resolve(LiveHome.MARKER);
            String json = "{\"action\":\"drain\",\"requested_at\":\"" + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                    + "\",\"principal\":\"nas\"}";
            long written = System.nanoTime();
            Process shell = new ProcessBuilder("sh", "-c", "printf '%s' \"$0\" > \"$1\"", json, marker.toString()).start();
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(shell.exitValue()).isZero();

            Duration took = Latency.until(written, BOUND, "draining",
                    () -> api.status().path("gateway_state").asText().equals("draining"));

            assertThat(api.status().path("drain").path("principal").asText()).isEqualTo("nas");
            Latency.report("reference", "gateway drained on a marker written by sh", took);
        }
    }

    @Test
    @Tag("slow")
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // 12 kills, each bounded by 70 s: past the 2-minute default
    void requesterKilledMidWrite_overAndOver_leavesTheMarkerAbsentOrWhole() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        int present = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process hammer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), MarkerHammer.class.getName(), home.toString())
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(hammer.getInputStream(), StandardCharsets.UTF_8))) {
                // A read the test's timeout can break: a hammer that never says a word fails the test, not hangs it.
                assertThat(CompletableFuture.supplyAsync(() -> firstLine(out)).get(60, TimeUnit.SECONDS)).isEqualTo("hammering");
                Thread.sleep(random.nextInt(1, 60));
                hammer.destroyForcibly();
                assertThat(hammer.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                hammer.destroyForcibly();
            }
            present += checkAbsentOrWhole(home.resolve(LiveHome.MARKER)) ? 1 : 0;
        }
        List<String> leftovers;
        try (var files = Files.list(home)) {
            leftovers = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
        System.out.printf("[live] kill: %d SIGKILLs mid-write, marker whole %d times, absent %d times, %d temp file(s) left%n",
                KILLS, present, KILLS - present, leftovers.size());
    }

    private static String firstLine(BufferedReader out) {
        try {
            return out.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return true if a whole marker is there, false if none; fails on a torn one */
    private static boolean checkAbsentOrWhole(Path marker) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(marker);
        } catch (NoSuchFileException e) {
            return false;
        }
        JsonNode json = LiveApi.JSON.readTree(bytes);
        assertThat(json.path("action").asText()).as("marker after SIGKILL").isEqualTo("drain");
        assertThat(json.path("reason").asText()).startsWith("xxxx");
        return true;
    }
}
