package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notices for users against a real {@code gateway run} with a webhook receiver on loopback:
 * stopped with a turn in flight under a drain asking for quiet, the gateway sends
 * {@code notice.session} for that turn and no {@code notice.broadcast}; without the flag, both.
 * Every event's signature is checked as a receiver would; {@code gateway webhook test} reaches
 * the same receiver.
 */
@Tag("live")
@Tag("slow")
class NoticesLiveTest {

    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path temp;

    @TempDir
    Path releases;

    private HttpServer receiver;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> unsigned = new CopyOnWriteArrayList<>();
    private Path home;
    private Path config;

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (verifies(id, timestamp, body, signature)) {
                events.add(LiveApi.JSON.readTree(body));
            } else {
                unsigned.add(body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        home = Files.createDirectories(temp.resolve("home"));
        config = temp.resolve("gateway.yaml");
        Files.writeString(config, "webhooks:\n  - name: bridge\n    url: http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook\n    secret: " + SECRET + "\n    events: \"*\"\n");
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private static boolean verifies(String id, String timestamp, String body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return signature != null && signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)));
        } catch (Exception e) {
            return false;
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(LiveHome.env(home));
        env.put("GATEWAY_CONFIG", config.toString());
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "1s");
        return env;
    }

    private List<String> types() {
        return events.stream().map(event -> event.path("type").asText()).toList();
    }

    /** Drains (quietly or not) with a held turn in flight, stops the gateway with SIGTERM, and returns what the receiver got. */
    private void stopWithATurnInFlight(boolean suppress) throws Exception {
        GatewayProcess gateway = GatewayProcess.serveHeld("notices", env(), releases, "run", "--port", "0");
        try {
            LiveApi api = LiveApi.of(gateway, home);
            api.turn("held-user", 0);
            Latency.until(System.nanoTime(), Duration.ofSeconds(10), "the turn in flight",
                    () -> api.status().path("active_agents").asInt() == 1);
            assertThat(api.post("/api/gateway/drain", "{\"reason\":\"notices\",\"suppress_notification\":" + suppress + "}")
                    .statusCode()).isEqualTo(200);
            Latency.until(System.nanoTime(), Duration.ofSeconds(10), "gateway.draining delivered",
                    () -> types().contains("gateway.draining"));
            // The receiver has the event a moment before the gateway has its answer.
            Latency.until(System.nanoTime(), Duration.ofSeconds(10), "the endpoint's health shows a success",
                    () -> !LiveApi.json(api.get("/api/gateway/webhooks")).path("webhooks").get(0).path("last_success").isNull());
            JsonNode shown = api.status().path("webhooks").get(0);
            assertThat(shown.path("name").asText()).as("the status route shows it too").isEqualTo("bridge");
            assertThat(shown.path("last_success").isNull()).isFalse();
            assertThat(api.status().toString()).doesNotContain("MfKQ9r8");
            assertThat(api.get("/metrics").body()).contains("gateway_webhook_deliveries_total{endpoint=\"bridge\",result=\"ok\"}");

            gateway.terminate();
            gateway.awaitExit(EXIT);
        } finally {
            gateway.close();
        }
        assertThat(unsigned).as("every delivery verifies").isEmpty();
    }

    @Test
    void stoppedUnderAQuietDrain_tellsTheSession_andBroadcastsNothing() throws Exception {
        stopWithATurnInFlight(true);

        assertThat(types()).contains("gateway.draining", "gateway.stopping", "notice.session", "gateway.stopped")
                .doesNotContain("notice.broadcast");
        JsonNode notice = events.stream().filter(event -> event.path("type").asText().equals("notice.session")).findFirst()
                .orElseThrow();
        assertThat(notice.path("data").path("session").asText()).isEqualTo("held-user");
        assertThat(notice.path("data").path("text").asText()).contains("your current task will be interrupted");
        JsonNode draining = events.stream().filter(event -> event.path("type").asText().equals("gateway.draining"))
                .findFirst().orElseThrow();
        assertThat(draining.path("data").path("suppress_notification").asBoolean()).isTrue();
    }

    @Test
    void stoppedWithoutTheFlag_broadcastsAndTellsTheSession() throws Exception {
        stopWithATurnInFlight(false);

        assertThat(types()).contains("notice.broadcast", "notice.session");
        assertThat(types().indexOf("notice.broadcast")).as("the broadcast as the stop begins")
                .isLessThan(types().indexOf("notice.session"));
    }

    @Test
    void webhookTest_sendsASignedTestEvent_andSaysItWasDelivered() throws Exception {
        try (GatewayProcess cli = GatewayProcess.start("cli-webhook-test", env(), "webhook", "test")) {
            assertThat(cli.awaitExit(EXIT)).as(String.join("\n", cli.output())).isZero();
            assertThat(String.join("\n", cli.output())).contains("bridge", "delivered").doesNotContain("MfKQ9r8");
        }
        assertThat(types()).containsExactly("webhook.test");
        assertThat(unsigned).isEmpty();
    }
}
