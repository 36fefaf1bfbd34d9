package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Eight clients alternate drain and cancel 250 times each over HTTP while a reader checks the marker. */
@Tag("live")
@Tag("slow")
class StormLiveTest {

    private static final int CLIENTS = 8;
    private static final int REQUESTS_EACH = 250;
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path home;

    /** A request and when it began and was answered, in one order shared by all clients; a cancel has no reason. */
    private record Write(int start, int end, Optional<String> reason) {
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // its clients may take 240 s: past the 2-minute default
    void storm_hasNo5xx_neverATornMarker_andEndsOnARequestThatCouldHaveLandedLast() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        AtomicBoolean storming = new AtomicBoolean(true);
        try (GatewayProcess gateway = GatewayProcess.serve("storm", LiveHome.env(home), "run", "--port", "0")) {
            LiveApi api = LiveApi.of(gateway, home);
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicInteger markerReads = new AtomicInteger();
            AtomicInteger sequence = new AtomicInteger();
            List<Write> writes = new CopyOnWriteArrayList<>();
            Future<?> reader = pool.submit(() -> {
                while (storming.get()) {
                    readWholeOrAbsent(home.resolve(LiveHome.MARKER));
                    markerReads.incrementAndGet();
                }
                return null;
            });
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        boolean drain = (i + client) % 2 == 0;
                        String reason = "storm " + client + " " + i;
                        int begun = sequence.incrementAndGet();
                        HttpResponse<String> response = drain ? api.drain(reason) : api.cancel();
                        writes.add(new Write(begun, sequence.incrementAndGet(), drain ? Optional.of(reason) : Optional.empty()));
                        statuses.computeIfAbsent(response.statusCode(), code -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(240, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            storming.set(false);
            reader.get(30, TimeUnit.SECONDS);

            assertThat(statuses.keySet()).as("answers").containsOnly(200);
            int lastStart = writes.stream().mapToInt(Write::start).max().orElseThrow();
            List<Optional<String>> couldBeLast = writes.stream().filter(w -> w.end() > lastStart).map(Write::reason).toList();
            assertThat(couldBeLast).as("requests that may have landed last").contains(markerReason(home.resolve(LiveHome.MARKER)));
            String expectedState = markerReason(home.resolve(LiveHome.MARKER)).isPresent() ? "draining" : "running";
            Latency.until(System.nanoTime(), BOUND, "the gateway following the final marker",
                    () -> api.status().path("gateway_state").asText().equals(expectedState));
            System.out.printf("[live] storm: %d requests in %.1f s (%.0f/s), answers %s, %d marker reads, none torn%n",
                    CLIENTS * REQUESTS_EACH, took.toMillis() / 1e3, CLIENTS * REQUESTS_EACH / (took.toMillis() / 1e3),
                    statuses, markerReads.get());
        } finally {
            storming.set(false);
            pool.shutdownNow();
        }
    }

    private static Optional<String> markerReason(Path marker) throws IOException {
        try {
            return Optional.of(LiveApi.JSON.readTree(Files.readAllBytes(marker)).path("reason").asText());
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    private static void readWholeOrAbsent(Path marker) throws IOException {
        try {
            JsonNode json = LiveApi.JSON.readTree(Files.readAllBytes(marker));
            assertThat(json.path("action").asText()).as("marker during the storm").isEqualTo("drain");
        } catch (NoSuchFileException absent) {
            // a cancel won the moment
        }
    }
}
