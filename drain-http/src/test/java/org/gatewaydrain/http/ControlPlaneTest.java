package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control routes served apart from the gateway, over the same home: only the files connect them. */
class ControlPlaneTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private HttpFixture gatewaySide;
    private DrainControlChannel channel;
    private StatusSource status;
    private DrainHttpServer controlPlane;

    @BeforeEach
    void start() {
        gatewaySide = new HttpFixture(home);
        channel = FileDrainChannel.builder().home(home).build();
        status = StatusSource.polling(FileStatusStore.open(home), Duration.ofMillis(50));
        controlPlane = DrainHttpServer.builder().channel(channel).status(status)
                .authenticator(HttpFixture.authenticator()).port(0).start();
    }

    @AfterEach
    void stop() {
        controlPlane.close();
        status.close();
        channel.close();
        gatewaySide.close();
    }

    private java.net.URI uri(String path) {
        return java.net.URI.create("http://127.0.0.1:" + controlPlane.port() + path);
    }

    private HttpResponse<String> post(String path, String json) {
        return gatewaySide.send(java.net.http.HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> get(String path) {
        return gatewaySide.send(java.net.http.HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN).GET().build());
    }

    @Test
    void drainThroughTheControlPlane_drainsTheGatewayProcess_andItsStatusShowsIt() {
        HttpResponse<String> drained = post(DrainEndpoint.PATH, "{\"reason\":\"from the control plane\"}");

        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.json(drained).path("draining").asBoolean()).isTrue();
        assertThat(gatewaySide.gateway.status().state()).isEqualTo(GatewayState.DRAINING);
        HttpResponse<String> quiesced = get(StatusEndpoint.STATUS_PATH + "?wait=quiesced&timeout=10s");
        assertThat(HttpFixture.json(quiesced).path("quiesced").asBoolean()).isTrue();
        assertThat(HttpFixture.json(quiesced).path("live").asBoolean()).isTrue();
        assertThat(HttpFixture.json(quiesced).path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());

        assertThat(post(DrainEndpoint.PATH, "{\"action\":\"cancel\"}").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> gatewaySide.gateway.status().state() == GatewayState.RUNNING);
        await().atMost(WAIT).until(() -> HttpFixture.json(get(HealthEndpoint.READY_PATH)).path("gateway_state")
                .asText().equals("running"));
    }

    @Test
    void controlPlane_streamsEventsFromThePublishedStatus() throws Exception {
        try (SseReader events = new SseReader(gatewaySide.client, uri(StatusEndpoint.EVENTS_PATH), HttpFixture.READER)) {
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);
            post(DrainEndpoint.PATH, "{}");
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("draining"), WAIT);
        }
    }

    @Test
    void controlPlane_hasNoIngress() {
        assertThat(post(MessagesEndpoint.PATH, "{\"session\":\"a\",\"text\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAPublishedStatus_statusIs503() {
        Path empty = home.resolveSibling(home.getFileName() + "-empty");
        try (StatusSource none = StatusSource.polling(FileStatusStore.open(empty), Duration.ofMillis(50));
                DrainHttpServer bare = DrainHttpServer.builder().channel(channel).status(none)
                        .authenticator(HttpFixture.authenticator()).port(0).start()) {
            HttpResponse<String> response = gatewaySide.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + bare.port() + StatusEndpoint.STATUS_PATH))
                    .header("Authorization", "Bearer " + HttpFixture.ADMIN).GET().build());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("no_status");
        }
    }
}
