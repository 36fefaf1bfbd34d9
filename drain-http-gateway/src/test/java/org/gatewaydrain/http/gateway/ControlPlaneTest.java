package org.gatewaydrain.http.gateway;

import org.gatewaydrain.http.SseReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.gatewaydrain.client.TransportFeed;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.transport.file.FileTransportProvider;
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
    private DrainTransport transport;
    private TransportFeed status;
    private DrainHttpServer controlPlane;

    @BeforeEach
    void start() {
        gatewaySide = new HttpFixture(home);
        transport = new FileTransportProvider().open(TransportSettings.builder().home(home).build());
        status = new TransportFeed(transport.statusStore());
        controlPlane = DrainHttpServer.start(DrainRoutes.builder().channel(transport.channel()).status(status)
                .authenticator(HttpFixture.authenticator()).build(), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
        status.close();
        transport.close();
        gatewaySide.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + controlPlane.port() + path);
    }

    private HttpResponse<String> post(String path, String json) {
        return gatewaySide.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> get(String path) {
        return gatewaySide.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + HttpFixture.ADMIN).GET().build());
    }

    @Test
    void drainThroughTheControlPlane_drainsTheGatewayProcess_andItsStatusShowsIt() {
        HttpResponse<String> drained = post("/api/gateway/drain", "{\"reason\":\"from the control plane\"}");

        assertThat(drained.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> gatewaySide.gateway.status().state() == GatewayState.DRAINING);
        HttpResponse<String> quiesced = get("/api/gateway/status?wait=quiesced&timeout=10s");
        assertThat(HttpFixture.json(quiesced).path("quiesced").asBoolean()).isTrue();
        assertThat(HttpFixture.json(quiesced).path("live").asBoolean()).isTrue();
        assertThat(HttpFixture.json(quiesced).path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(HttpFixture.json(quiesced).path("drain").path("reason").asText()).isEqualTo("from the control plane");

        assertThat(post("/api/gateway/drain", "{\"action\":\"cancel\"}").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> gatewaySide.gateway.status().state() == GatewayState.RUNNING);
        await().atMost(WAIT).until(() -> HttpFixture.json(get("/health/ready")).path("gateway_state")
                .asText().equals("running"));
    }

    @Test
    void controlPlane_streamsEventsFromThePublishedStatus() throws Exception {
        try (SseReader events = new SseReader(gatewaySide.client, uri("/api/gateway/events"), HttpFixture.READER)) {
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);
            post("/api/gateway/drain", "{}");
            events.awaitEvent(e -> e.path("gateway_state").asText().equals("draining"), WAIT);
        }
    }

    @Test
    void anEventStreamOpenedBeforeAnyGatewayPublished_staysOpen_andShowsTheFirstStatus() throws Exception {
        Path later = home.resolveSibling(home.getFileName() + "-later");
        try (ControlPlaneFixture plane = new ControlPlaneFixture(later);
                SseReader events = new SseReader(gatewaySide.client, plane.uri("/api/gateway/events"), HttpFixture.READER)) {
            assertThat(events.status()).isEqualTo(200);

            try (HttpFixture gatewayStartsNow = new HttpFixture(later)) {
                events.awaitEvent(e -> e.path("gateway_state").asText().equals("running"), WAIT);
            }
        }
    }

    @Test
    void controlPlane_hasNoIngress() {
        assertThat(post("/api/messages", "{\"session\":\"a\",\"text\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAPublishedStatus_statusIs503() {
        try (ControlPlaneFixture bare = new ControlPlaneFixture(home.resolveSibling(home.getFileName() + "-empty"))) {
            HttpResponse<String> response = gatewaySide.send(HttpRequest.newBuilder(bare.uri("/api/gateway/status"))
                    .header("Authorization", "Bearer " + HttpFixture.ADMIN).GET().build());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("no_status");
        }
    }
}
