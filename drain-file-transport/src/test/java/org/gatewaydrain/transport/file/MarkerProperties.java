package org.gatewaydrain.transport.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.io.file.PathUtils;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.DrainControlChannel;

/** Laws of the marker file: fail-safe reads, last write wins, lossless round trip. */
class MarkerProperties {

    private static Path home;
    private static DrainControlChannel channel;

    @BeforeContainer
    static void open() throws IOException {
        home = Files.createTempDirectory("marker-properties");
        channel = FileDrainChannel.builder().home(home).epoch("").maxAge(Duration.ZERO).build();
    }

    @AfterContainer
    static void close() throws IOException {
        channel.close();
        PathUtils.deleteDirectory(home);
    }

    @Property(tries = 400)
    void anyBytesAtTheMarker_readAsADrainOrStale_neverAbsentNeverThrow(@ForAll("markerBytes") byte[] bytes)
            throws IOException {
        Files.write(home.resolve(FileDrainChannel.MARKER_FILE), bytes);

        DrainSignal signal = channel.read();

        assertThat(signal).isInstanceOfAny(DrainSignal.Present.class, DrainSignal.Unreadable.class,
                DrainSignal.Stale.class);
    }

    @Property(tries = 150)
    void anySequenceOfRequestsAndCancels_readsAsTheLastOperation(@ForAll List<Boolean> requestNotCancel) {
        channel.cancel();
        for (boolean request : requestNotCancel) {
            if (request) {
                channel.request(DrainRequest.of("seq", Instant.now()));
            } else {
                channel.cancel();
            }
        }

        boolean lastWasRequest = !requestNotCancel.isEmpty() && requestNotCancel.get(requestNotCancel.size() - 1);
        assertThat(channel.read().decision())
                .isEqualTo(lastWasRequest ? DrainSignal.Decision.DRAIN : DrainSignal.Decision.SERVE);
        assertThat(channel.read()).isInstanceOf(lastWasRequest ? DrainSignal.Present.class : DrainSignal.Absent.class);
    }

    @Property(tries = 300)
    void anyRequest_roundTripsThroughTheMarkerUnchanged(@ForAll("requests") DrainRequest request) {
        channel.request(request);

        assertThat(channel.read()).isEqualTo(new DrainSignal.Present(request));
    }

    @Provide
    Arbitrary<byte[]> markerBytes() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> jsonish = Arbitraries.strings()
                .withChars("{}[]\":,ntrfaeul0123456789.-+eE \\/drainpcoqstm_")
                .ofMaxLength(200)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> objects = Combinators.combine(
                Arbitraries.of("action", "requested_at", "principal", "epoch", "expires_at", "reason",
                        "suppress_notification", "other"),
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(MarkerProperties::quoted),
                        Arbitraries.integers().map(String::valueOf),
                        Arbitraries.of("true", "false", "null", "[]", "{}", "\"drain\"",
                                "\"2026-06-27T11:22:03+00:00\"", "\"1970-01-01T00:00:00\"")))
                .as((key, value) -> "\"" + key + "\":" + value)
                .list().ofMaxSize(6)
                .map(fields -> ("{" + String.join(",", fields) + "}").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(raw, jsonish, objects);
    }

    @Provide
    Arbitrary<DrainRequest> requests() {
        Arbitrary<Instant> instants = Arbitraries.longs()
                .between(0, Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
                .flatMap(seconds -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
        Arbitrary<Optional<Instant>> futureExpiry = Arbitraries.longs()
                .between(3600, 100L * 365 * 24 * 3600)
                .map(seconds -> Instant.now().plusSeconds(seconds))
                .optional();
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(80)
                .filter(s -> !s.isBlank());
        return Combinators.combine(instants, text, text.optional(), futureExpiry, text.optional(),
                        Arbitraries.of(true, false))
                .as(DrainRequest::new);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
