package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkerReadTest {

    private static final Instant NOW = Instant.parse("2026-06-27T12:00:00Z");
    private static final String EPOCH = "boot-a:1234";

    @TempDir
    Path home;

    private Path marker;
    private DrainControlChannel channel;

    @BeforeEach
    void open() {
        marker = home.resolve(FileDrainChannel.MARKER_FILE);
        channel = channelWithMaxAge(TransportSettings.DEFAULT_MAX_AGE);
    }

    @AfterEach
    void close() {
        channel.close();
    }

    private DrainControlChannel channelWithMaxAge(Duration maxAge) {
        return FileDrainChannel.builder().home(home).epoch(EPOCH).maxAge(maxAge)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    private void writeMarker(String json) throws IOException {
        Files.writeString(marker, json, StandardCharsets.UTF_8);
    }

    @Test
    void referenceMinimalMarker_readsPresentWithItsValues() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:22:03.123456+00:00\",\"principal\":\"nas\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> {
            assertThat(present.request().principal()).isEqualTo("nas");
            assertThat(present.request().requestedAt()).isEqualTo(Instant.parse("2026-06-27T11:22:03.123456Z"));
            assertThat(present.request().suppressNotification()).isFalse();
        });
    }

    @Test
    void referenceFullMarker_readsEpochAndSuppression() throws IOException {
        writeMarker("{\"action\": \"drain\", \"requested_at\": \"2026-06-27T11:22:03+00:00\", \"principal\": \"nas\","
                + " \"epoch\": \"" + EPOCH + "\", \"suppress_notification\": true, \"platform\": \"ignored\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> {
            assertThat(present.request().epoch()).contains(EPOCH);
            assertThat(present.request().suppressNotification()).isTrue();
        });
    }

    @Test
    void naiveTimestamp_isUtc() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:22:03\",\"principal\":\"nas\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> assertThat(
                present.request().requestedAt()).isEqualTo(Instant.parse("2026-06-27T11:22:03Z")));
    }

    @Test
    void offsetTimestamp_isConvertedToUtc() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T13:22:03+02:00\",\"principal\":\"nas\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Present.class, present -> assertThat(
                present.request().requestedAt()).isEqualTo(Instant.parse("2026-06-27T11:22:03Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"action\":\"drain\",\"principal\":\"nas\"}",
        "{\"action\":\"drain\",\"requested_at\":\"yesterday\",\"principal\":\"nas\"}",
        "{\"action\":\"drain\",\"requested_at\":12345,\"principal\":\"nas\"}",
        "{\"action\":\"drain\",\"requested_at\":\"2099-01-01T00:00:00+00:00\",\"principal\":\"nas\"}"
    })
    void missingUnparseableOrFutureRequestedAt_isHonoured(String json) throws IOException {
        writeMarker(json);

        assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void markerWithoutPrincipal_readsPresentWithUnknownPrincipal() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:22:03+00:00\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Present.class,
                present -> assertThat(present.request().principal()).isEqualTo("unknown"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1, 2]", "\"drain\"", "42", "null", "", "   \n",
        "{\"action\":\"drain\"} trailing", "{\"action\":\"cancel\",\"principal\":\"x\"}", "\uFEFF{\"action\":\"drain\"}"})
    void unreadableContent_readsContentless(String content) throws IOException {
        writeMarker(content);

        assertThat(channel.read()).isInstanceOf(DrainSignal.Unreadable.class);
    }

    @Test
    void bytesThatAreNotUtf8_readContentless() throws IOException {
        Files.write(marker, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("UTF-8"));
    }

    @Test
    void markerOver64KiB_readsContentless() throws IOException {
        String padding = "x".repeat(MarkerReader.MAX_BYTES);
        writeMarker("{\"action\":\"drain\",\"principal\":\"nas\",\"reason\":\"" + padding + "\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("64 KiB"));
    }

    @Test
    void markerOfExactly64KiB_isStillParsed() throws IOException {
        String head = "{\"action\":\"drain\",\"principal\":\"nas\",\"reason\":\"";
        String tail = "\"}";
        writeMarker(head + "x".repeat(MarkerReader.MAX_BYTES - head.length() - tail.length()) + tail);

        assertThat(Files.size(marker)).isEqualTo(MarkerReader.MAX_BYTES);
        assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void folderAtMarkerPath_readsContentless() throws IOException {
        Files.createDirectory(marker);

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("folder"));
    }

    @Test
    void symbolicLinkAtMarkerPath_readsContentless_evenToAValidRequest() throws IOException {
        Path elsewhere = Files.writeString(home.resolve("elsewhere.json"),
                "{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:22:03+00:00\",\"principal\":\"nas\"}");
        Files.createSymbolicLink(marker, elsewhere);

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("symbolic link"));
    }

    @Test
    void danglingSymbolicLink_readsContentless() throws IOException {
        Files.createSymbolicLink(marker, home.resolve("nowhere"));

        assertThat(channel.read()).isInstanceOf(DrainSignal.Unreadable.class);
    }

    @Test
    void markerFromAnotherBoot_readsStale() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:59:00+00:00\",\"principal\":\"nas\","
                + "\"epoch\":\"boot-b:99\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Stale.class,
                stale -> {
                    assertThat(stale.why()).isEqualTo(StaleReason.EPOCH);
                    assertThat(stale.detail()).contains("another host boot");
                });
    }

    @Test
    void markerFromAnotherContainerOnThisBoot_isHonouredByHostScope_andStaleByInstanceScope() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:59:00+00:00\",\"principal\":\"sidecar\","
                + "\"epoch\":\"boot-a:99\"}");

        assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);
        try (DrainControlChannel instanceScope = FileDrainChannel.builder().home(home).epoch(EPOCH).epochScope("instance")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            assertThat(instanceScope.read()).isInstanceOfSatisfying(DrainSignal.Stale.class,
                    stale -> assertThat(stale.why()).isEqualTo(StaleReason.EPOCH));
        }
    }

    @Test
    void markerWithoutEpoch_orWhenOurEpochIsUnknown_isNotStaleByEpoch() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:59:00+00:00\",\"principal\":\"nas\"}");
        assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);

        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:59:00+00:00\",\"principal\":\"nas\","
                + "\"epoch\":\"boot-b:99\"}");
        try (DrainControlChannel noEpoch = FileDrainChannel.builder().home(home).epoch("")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            assertThat(noEpoch.read()).isInstanceOf(DrainSignal.Present.class);
        }
    }

    @Test
    void markerPastExpiresAt_readsStale() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:59:00+00:00\",\"principal\":\"nas\","
                + "\"expires_at\":\"2026-06-27T11:59:30+00:00\"}");

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Stale.class,
                stale -> assertThat(stale.why()).isEqualTo(StaleReason.EXPIRED));
    }

    @Test
    void markerBeforeExpiresAt_readsPresent() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T11:59:00+00:00\",\"principal\":\"nas\","
                + "\"expires_at\":\"2026-06-27T12:30:00+00:00\"}");

        assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void markerOlderThanMaxAge_readsStale_unlessMaxAgeIsZero() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T10:59:59+00:00\",\"principal\":\"nas\"}");
        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Stale.class,
                stale -> assertThat(stale.why()).isEqualTo(StaleReason.MAX_AGE));

        try (DrainControlChannel unlimited = channelWithMaxAge(Duration.ZERO)) {
            assertThat(unlimited.read()).isInstanceOf(DrainSignal.Present.class);
        }
    }

    @Test
    void rewritingAnOldRequest_refreshesItsAge() throws IOException {
        writeMarker("{\"action\":\"drain\",\"requested_at\":\"2026-06-27T10:00:00+00:00\",\"principal\":\"nas\"}");
        assertThat(channel.read()).isInstanceOf(DrainSignal.Stale.class);

        channel.request(DrainRequest.of("nas", NOW.minusSeconds(5)));

        assertThat(channel.read()).isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void leftoverTempFile_isIgnoredByReads() throws IOException {
        Files.writeString(home.resolve(".drain_request.json.123.tmp"), "{\"action\":\"dr");

        assertThat(channel.read()).isEqualTo(DrainSignal.ABSENT);
    }

    @Test
    void missingHomeFolder_readsUnknown_notAbsent() throws IOException {
        Files.delete(home);

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Unknown.class,
                unknown -> assertThat(unknown.cause()).contains(home.toString()));
        Files.createDirectory(home);
    }

    @Test
    void homeReplacedByAFile_readsUnknown() throws IOException {
        Files.delete(home);
        Files.writeString(home, "not a folder any more");

        assertThat(channel.read()).isInstanceOf(DrainSignal.Unknown.class);
        Files.delete(home);
        Files.createDirectory(home);
    }

    @Test
    void fifoAtTheMarkerPath_readsUnreadable_withoutBlocking() throws Exception {
        mkfifo(marker);

        assertThat(channel.read()).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("FIFO"));
    }

    @Test
    void fifoSwappedInBetweenCheckAndOpen_readsUnreadableInTime_andTheStuckReaderIsWoken() throws Exception {
        writeMarker("{\"action\":\"drain\",\"principal\":\"nas\"}");
        BoundedRead swapping = new BoundedRead(MarkerReader.MAX_BYTES, Duration.ofMillis(300), () -> {
            try {
                Files.delete(marker);
                mkfifo(marker);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        MarkerReader reader = new MarkerReader(marker, Staleness.of(Duration.ZERO, Clock.systemUTC()), swapping);

        long started = System.nanoTime();
        DrainSignal signal = reader.read();

        assertThat(signal).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("in time"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> BoundedRead.stuckReaders() == 0);
    }

    @Test
    void aFileThatCannotBeRead_readsUnreadable() {
        // Reading /proc/self/mem from offset 0 fails with EIO, for root too.
        MarkerReader reader = new MarkerReader(Path.of("/proc/self/mem"), Staleness.of(Duration.ZERO, Clock.systemUTC()),
                new BoundedRead(MarkerReader.MAX_BYTES, Duration.ofSeconds(5)));

        assertThat(reader.read()).isInstanceOfSatisfying(DrainSignal.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).contains("cannot be read"));
    }

    static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).as("mkfifo").isZero();
    }
}
