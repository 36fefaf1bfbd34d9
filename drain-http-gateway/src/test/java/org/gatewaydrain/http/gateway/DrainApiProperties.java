package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.io.file.PathUtils;

/**
 * Arbitrary bodies, content types and Authorization headers sent to the drain endpoint (over
 * loopback, a bounded number of tries): never a 5xx, and the marker changes only when the
 * answer is 200.
 */
class DrainApiProperties {

    private static Path home;
    private static HttpFixture http;

    @BeforeContainer
    static void start() throws IOException {
        home = Files.createTempDirectory("drain-api-properties");
        http = new HttpFixture(home);
    }

    @AfterContainer
    static void stop() throws IOException {
        http.close();
        PathUtils.deleteDirectory(home);
    }

    @Property(tries = 300)
    void anyRequest_isNever5xx_andTheMarkerChangesOnlyOn200(@ForAll("requests") Attempt attempt) {
        byte[] before = http.markerBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri("/api/gateway/drain")).timeout(java.time.Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
        attempt.contentType().forEach(type -> request.header("Content-Type", type));
        attempt.authorization().forEach(auth -> request.header("Authorization", auth));

        HttpResponse<String> response = http.send(request.build());

        assertThat(response.statusCode()).as("answer to %s", attempt).isLessThan(500);
        if (response.statusCode() != 200) {
            assertThat(http.markerBytes()).as("marker after %d", response.statusCode()).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<Attempt> requests() {
        Arbitrary<String> json = Combinators.combine(
                        Arbitraries.of("action", "reason", "ttl_seconds", "suppress_notification", "other"),
                        Arbitraries.oneOf(
                                Arbitraries.of("\"drain\"", "\"cancel\"", "\"x\"", "true", "false", "null", "[]", "{}",
                                        "0", "-1", "1.5", "86400", "99999999999999999999", "\"\""),
                                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\"")))
                .as((key, value) -> "\"" + key + "\":" + value)
                .list().ofMaxSize(4)
                .map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<byte[]> body = Arbitraries.oneOf(
                json.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.just(new byte[0]));
        Arbitrary<List<String>> contentType = Arbitraries.of("application/json", "application/json; charset=utf-8",
                "text/plain", "application/x-www-form-urlencoded", "application/problem+json", "", "*/*", "json")
                .list().ofMaxSize(1);
        Arbitrary<List<String>> authorization = Arbitraries.of("Bearer " + HttpFixture.ADMIN,
                "Bearer " + HttpFixture.READER, "Bearer wrong", "Basic abc", "Bearer", "bearer " + HttpFixture.ADMIN, "")
                .list().ofMaxSize(1);
        return Combinators.combine(body, contentType, authorization).as(Attempt::new);
    }

    record Attempt(byte[] body, List<String> contentType, List<String> authorization) {
        @Override
        public String toString() {
            return "body=" + Arrays.toString(body) + " (" + new String(body, StandardCharsets.UTF_8) + ") type="
                    + contentType + " auth=" + authorization;
        }
    }
}
