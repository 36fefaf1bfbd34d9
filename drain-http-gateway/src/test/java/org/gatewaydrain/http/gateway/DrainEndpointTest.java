package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.WireFormat;
import org.gatewaydrain.http.JsonBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class DrainEndpointTest extends ServedGatewayTest {

    private HttpResponse<String> drain(String json) {
        return http.postJson("/api/gateway/drain", HttpFixture.ADMIN, json);
    }

    @Test
    void drain_writesTheMarker_answersWhoAndWhen_andTheGatewayDrains() throws IOException {
        HttpResponse<String> response = drain("{\"action\":\"drain\",\"reason\":\"kernel patch\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = HttpFixture.json(response);
        assertThat(body.path("ok").asBoolean()).isTrue();
        assertThat(body.path("action").asText()).isEqualTo("drain");
        assertThat(body.path("principal").asText()).isEqualTo("admin");
        assertThat(WireFormat.parseInstant(body.path("requested_at").asText())).isPresent();
        assertThat(body.path("draining").isBoolean()).isTrue();
        assertThat(body.has("ignored")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> http.gateway.status().state() == GatewayState.DRAINING);
        assertThat(Files.readString(http.marker)).contains("\"principal\":\"admin\"").contains("kernel patch");
    }

    @Test
    void emptyBody_isADrain() {
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/gateway/drain"))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        HttpResponse<String> response = http.send(request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.json(response).path("action").asText()).isEqualTo("drain");
        assertThat(http.markerBytes()).isNotNull();
    }

    @Test
    void ttlAndSuppression_reachTheMarker() throws IOException {
        assertThat(drain("{\"ttl_seconds\": 600, \"suppress_notification\": true}").statusCode()).isEqualTo(200);

        String marker = Files.readString(http.marker);
        assertThat(marker).contains("\"expires_at\"").contains("\"suppress_notification\":true");
    }

    @Test
    void aDeadlineAndGrace_reachTheMarker_andTheStatusShowsThem() throws IOException {
        assertThat(drain("{\"deadline_seconds\": 600, \"on_deadline\": \"stop\", \"session_grace_seconds\": 120}")
                .statusCode()).isEqualTo(200);

        String marker = Files.readString(http.marker);
        assertThat(marker).contains("\"deadline_at\"").contains("\"on_deadline\":\"stop\"")
                .contains("\"session_grace_seconds\":120");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.gateway.status().state() == GatewayState.DRAINING);
        JsonNode drain = HttpFixture.json(http.get("/api/gateway/status", HttpFixture.ADMIN)).path("drain");
        assertThat(drain.path("on_deadline").asText()).isEqualTo("stop");
        assertThat(drain.path("session_grace_seconds").asLong()).isEqualTo(120);
        assertThat(WireFormat.parseInstant(drain.path("deadline_at").asText())).isPresent();
    }

    @Test
    void onDeadlineWithoutADeadline_is400NamingTheField_andTouchesNothing() {
        HttpResponse<String> response = drain("{\"on_deadline\": \"interrupt\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(HttpFixture.json(response).path("detail").asText()).contains("'on_deadline'").contains("deadline_seconds");
        assertThat(http.markerBytes()).isNull();
    }

    @Test
    void cancel_removesTheMarker_andSaysWhetherOneWasThere() {
        http.drainAndAwait("{}");

        HttpResponse<String> first = drain("{\"action\":\"cancel\"}");
        HttpResponse<String> second = drain("{\"action\":\"cancel\"}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.json(first).path("was_draining").asBoolean()).isTrue();
        assertThat(HttpFixture.json(second).path("was_draining").asBoolean()).isFalse();
        assertThat(http.markerBytes()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> http.gateway.status().state() == GatewayState.RUNNING);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"action\":\"pause\"}",
        "{\"action\": 1}",
        "{\"action\": null}",
        "{\"reason\": null}",
        "{\"ttl_seconds\": null}",
        "{\"suppress_notification\": null}",
        "{not json",
        "[\"drain\"]",
        "\"drain\"",
        "42",
        "null",
        "{\"ttl_seconds\": \"x\"}",
        "{\"ttl_seconds\": 1.5}",
        "{\"ttl_seconds\": 0}",
        "{\"ttl_seconds\": -5}",
        "{\"suppress_notification\": \"false\"}",
        "{\"reason\": 7}",
        "{\"ttl\": 60}",
        "{\"action\":\"drain\"} {}",
        "{\"deadline_seconds\": 0}",
        "{\"deadline_seconds\": \"10m\"}",
        "{\"deadline_seconds\": 600, \"on_deadline\": \"explode\"}",
        "{\"session_grace_seconds\": -1}",
        "{\"session_grace_seconds\": 86401}"
    })
    void clientMistakes_are400_andLeaveTheMarkerAlone(String body) {
        HttpResponse<String> response = drain(body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode json = HttpFixture.json(response);
        assertThat(json.path("error").asText()).isNotBlank();
        assertThat(json.path("detail").asText()).isNotBlank();
        assertThat(http.markerBytes()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"action", "reason", "ttl_seconds", "suppress_notification", "deadline_seconds", "on_deadline",
        "session_grace_seconds"})
    void nullForAnyField_is400NamingTheField(String field) {
        HttpResponse<String> response = drain("{\"" + field + "\": null}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(HttpFixture.json(response).path("detail").asText()).contains("'" + field + "'").contains("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"scope\":\"fleet\"}", "{\"scope\":\"instance\",\"instance_id\":\"gw-2\"}",
        "{\"action\":\"cancel\",\"scope\":\"fleet\"}", "{\"scope\":\"galaxy\"}"})
    void aScopeTheFileTransportLacks_is400_andTouchesNothing(String body) {
        HttpResponse<String> response = drain(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("unknown_scope");
        assertThat(http.markerBytes()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"instance_id\":\"gw-2\"}", "{\"scope\":null}", "{\"instance_id\":7}"})
    void anInstanceWithoutItsScope_orAScopeOfTheWrongType_is400(String body) {
        assertThat(drain(body).statusCode()).isEqualTo(400);
        assertThat(http.markerBytes()).isNull();
    }

    @Test
    void fleetStatus_onTheFileTransport_is404NotAFleet() {
        HttpResponse<String> response = http.get("/api/fleet/status", HttpFixture.READER);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("not_a_fleet");
        assertThat(http.get("/api/fleet/status", null).statusCode()).isEqualTo(401);
    }

    @Test
    void bodyOver16KiB_is413() {
        String big = "{\"reason\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}";

        assertThat(drain(big).statusCode()).isEqualTo(413);
        assertThat(http.markerBytes()).isNull();
    }

    @Test
    void aBodyFarOverTheLimit_stillGetsIts413_ratherThanAResetConnection() {
        // The server answers before the client has sent it all: unless the rest is read, the close resets the connection.
        String huge = "{\"reason\":\"" + "x".repeat(512 * 1024) + "\"}";

        for (int i = 0; i < 20; i++) {
            assertThat(drain(huge).statusCode()).as("attempt %d", i).isEqualTo(413);
        }
        assertThat(http.markerBytes()).isNull();
    }

    @Test
    void chunkedBodyOver16KiB_is413() {
        byte[] big = ("{\"reason\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/gateway/drain"))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();

        assertThat(http.send(request).statusCode()).isEqualTo(413);
        assertThat(http.markerBytes()).isNull();
    }

    @Test
    void nonJsonContentTypeWithABody_is415() {
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/gateway/drain"))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("action=drain")).build();

        HttpResponse<String> response = http.send(request);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(http.markerBytes()).isNull();
    }

    @Test
    void channelThatCannotBeWritten_is503_withASentenceAndNoPath_whileTheLogHasThePath() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger("org.gatewaydrain.http.DrainEndpoint");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        Files.createDirectory(http.marker);
        Files.writeString(http.marker.resolve("keep"), "a folder where the marker goes");
        HttpResponse<String> response;
        try {
            response = drain("{}");
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = HttpFixture.json(response);
        assertThat(body.path("error").asText()).isEqualTo("channel_unavailable");
        assertThat(body.path("detail").asText()).doesNotContain(http.home.toString()).doesNotContain(".drain_request")
                .doesNotContain("Exception");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains(http.marker.toString()));
    }
}
