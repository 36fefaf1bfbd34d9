package org.gatewaydrain.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery against a real HTTP receiver on loopback: signatures that verify by the
 * Standard Webhooks algorithm (checked here independently, and against the specification's own
 * test vector), retries after a 5xx that stop at a 2xx with the same id, order per endpoint, the
 * queue bound, and a dead endpoint that holds up neither the publisher nor another endpoint.
 */
class WebhooksTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final WebhookLane.Policy FAST = new WebhookLane.Policy(Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofHours(24), 1000, Duration.ofSeconds(2), Duration.ofSeconds(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Webhooks> dispatchers = new ArrayList<>();

    /** One request as the receiver saw it. */
    record Received(String id, String timestamp, String signature, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @AfterEach
    void stop() {
        dispatchers.forEach(webhooks -> webhooks.close(Duration.ZERO));
        servers.forEach(server -> server.stop(0));
    }

    /** @return a receiver on loopback that records every request and answers what {@code answer} says */
    private URI receiver(List<Received> received, IntSupplier answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body));
            int code = answer.getAsInt();
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private Webhooks webhooks(WebhookLane.Policy policy, WebhookEndpoint... endpoints) {
        Webhooks webhooks = new Webhooks(List.of(endpoints), policy, Clock.systemUTC(), new SimpleMeterRegistry());
        dispatchers.add(webhooks);
        return webhooks;
    }

    private static WebhookEndpoint endpoint(String name, URI url) {
        return new WebhookEndpoint(name, url, Signature.key(SECRET), EnumSet.allOf(EventType.class));
    }

    /** The Standard Webhooks check, written from the specification: base64 HMAC-SHA256 of id.timestamp.body under the decoded secret. */
    private static boolean verifies(Received request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((request.id() + "." + request.timestamp() + "." + request.body())
                .getBytes(StandardCharsets.UTF_8));
        for (String signature : request.signature().split(" ")) {
            if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    private static EventData test(String name) {
        return new EventData.Test(name, Instant.now());
    }

    @Test
    void theSignature_isTheSpecificationsOwnExample() {
        assertThat(Signature.sign(Signature.key(SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void anEvent_isPostedSigned_withItsTypeTimestampAndData() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        Webhooks webhooks = webhooks(FAST, endpoint("ops", receiver(received, () -> 204)));

        webhooks.publish(EventType.WEBHOOK_TEST, test("ops"));

        assertThat(webhooks.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.id()).startsWith("msg_");
            assertThat(Long.parseLong(request.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                    org.assertj.core.data.Offset.offset(60L));
            assertThat(verifies(request)).as("the signature verifies").isTrue();
            assertThat(request.json().path("type").asText()).isEqualTo("webhook.test");
            assertThat(request.json().path("data").path("endpoint").asText()).isEqualTo("ops");
        });
        assertThat(webhooks.health()).singleElement().satisfies(health -> {
            assertThat(health.lastSuccess()).isPresent();
            assertThat(health.url()).doesNotContain("whsec");
        });
    }

    @Test
    void aServerError_isRetried_withTheSameIdAndBody_untilA2xx() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Webhooks webhooks = webhooks(FAST, endpoint("ops", receiver(received, () -> calls.incrementAndGet() <= 2 ? 500 : 200)));

        webhooks.publish(EventType.GATEWAY_QUIESCED, new EventData.State("gw-1", "draining", 0, Optional.empty()));

        assertThat(webhooks.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(received).hasSize(3);
        assertThat(received).extracting(Received::id).containsOnly(received.get(0).id());
        assertThat(received).extracting(Received::body).containsOnly(received.get(0).body());
        for (Received attempt : received) {
            assertThat(verifies(attempt)).isTrue();
        }
        assertThat(webhooks.health().get(0).lastFailure()).hasValueSatisfying(
                failure -> assertThat(failure.why()).isEqualTo("answered 500"));
        assertThat(webhooks.health().get(0).lastSuccess()).isPresent();
    }

    @Test
    void eventsArriveInTheOrderPublished_perEndpoint_evenAcrossRetries() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Webhooks webhooks = webhooks(FAST, endpoint("ops", receiver(received, () -> calls.incrementAndGet() % 3 == 0 ? 503 : 200)));

        for (int i = 0; i < 20; i++) {
            webhooks.publish(EventType.ROLLOUT_INSTANCE_DONE, new EventData.RolloutInstance("r1", "gw-" + i, "done"));
        }

        assertThat(webhooks.flush(Duration.ofSeconds(20))).isTrue();
        List<String> delivered = new ArrayList<>();
        for (Received request : received) {
            String instance = request.json().path("data").path("instance_id").asText();
            if (delivered.isEmpty() || !delivered.get(delivered.size() - 1).equals(instance)) {
                delivered.add(instance);
            }
        }
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            published.add("gw-" + i);
        }
        assertThat(delivered).isEqualTo(published);
    }

    @Test
    void aFullQueue_dropsTheOldestWaiting_andCountsIt_whileADeadEndpointHoldsUpNoOneElse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Received> stuck = new CopyOnWriteArrayList<>();
        URI dead = receiver(stuck, () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        List<Received> healthy = new CopyOnWriteArrayList<>();
        WebhookLane.Policy small = new WebhookLane.Policy(FAST.firstRetry(), FAST.longestRetry(), FAST.retryFor(), 5,
                FAST.connectTimeout(), Duration.ofSeconds(30));
        Webhooks webhooks = webhooks(small, endpoint("dead", dead), endpoint("healthy", receiver(healthy, () -> 200)));

        webhooks.publish(EventType.GATEWAY_DRAINING, test("first"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stuck.size() == 1);
        for (int i = 0; i < 5; i++) {
            // The healthy endpoint keeps receiving while the dead one hangs on its first request.
            webhooks.publish(EventType.GATEWAY_DRAINING, test("more-" + i));
            int expected = i + 2;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> healthy.size() == expected);
        }
        for (int i = 0; i < 1000; i++) {
            webhooks.publish(EventType.GATEWAY_DRAINING, test("flood-" + i));
        }

        EndpointHealth deadHealth = webhooks.health().get(0);
        assertThat(deadHealth.waiting()).as("bounded: 5 waiting and the one in flight").isEqualTo(6);
        assertThat(deadHealth.dropped()).isEqualTo(1005 - 5);
        release.countDown();
        assertThat(webhooks.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(stuck).hasSize(6);
        assertThat(stuck.get(stuck.size() - 1).json().path("data").path("endpoint").asText())
                .as("the newest were kept").isEqualTo("flood-999");
        assertThat(healthy.size() + webhooks.health().get(1).dropped()).as("the healthy endpoint's own bound")
                .isEqualTo(1006);
    }

    @Test
    void everyEventBody_isDescribedInTheOpenApiDocument_fieldForField() throws Exception {
        JsonNode document = JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "openapi.json")));
        Instant now = Instant.now();
        org.gatewaydrain.core.RuntimeStatus.Drain drain = org.gatewaydrain.core.RuntimeStatus.Drain.of(
                org.gatewaydrain.core.DrainRequest.of("ops", now), now);
        Map<EventType, EventData> samples = new java.util.EnumMap<>(EventType.class);
        samples.put(EventType.GATEWAY_DRAINING, new EventData.Draining("gw-1", drain));
        EventData state = new EventData.State("gw-1", "draining", 0, Optional.empty());
        for (EventType type : List.of(EventType.GATEWAY_QUIESCED, EventType.GATEWAY_RESUMED, EventType.GATEWAY_STOPPING,
                EventType.GATEWAY_STOPPED)) {
            samples.put(type, state);
        }
        samples.put(EventType.GATEWAY_DEADLINE_PASSED, new EventData.DeadlinePassed("gw-1",
                new org.gatewaydrain.core.RuntimeStatus.DeadlinePassed(now, org.gatewaydrain.core.OnDeadline.INTERRUPT, 2)));
        samples.put(EventType.NOTICE_SESSION, new EventData.SessionNotice("gw-1", "alice", "shutdown", "bye"));
        samples.put(EventType.NOTICE_BROADCAST, new EventData.Broadcast("gw-1", 2, "bye all"));
        samples.put(EventType.ROLLOUT_INSTANCE_DONE, new EventData.RolloutInstance("r1", "gw-1", "done"));
        samples.put(EventType.ROLLOUT_FINISHED, new EventData.RolloutFinished("r1", "done", List.of("gw-1"), List.of()));
        samples.put(EventType.WEBHOOK_TEST, test("ops"));
        assertThat(samples.keySet()).containsExactlyInAnyOrder(EventType.values());

        for (Map.Entry<EventType, EventData> sample : samples.entrySet()) {
            JsonNode body = document.path("webhooks").path(sample.getKey().wireName()).path("post").path("requestBody")
                    .path("content").path("application/json").path("schema");
            assertThat(body.path("properties").path("type").path("const").asText()).isEqualTo(sample.getKey().wireName());
            String ref = body.path("properties").path("data").path("$ref").asText();
            JsonNode schema = document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
            List<String> described = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(described::add);
            JsonNode sent = JSON.readTree(new WebhookEvent("msg_x", sample.getKey(), now, sample.getValue()).body());
            List<String> fields = new ArrayList<>();
            sent.path("data").fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as(sample.getKey().wireName()).containsExactlyElementsOf(described);
        }
    }

    @Test
    void aDeadEndpoint_delaysNeitherAdmissionNorTheGatewaysOtherListeners() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Received> stuck = new CopyOnWriteArrayList<>();
        URI dead = receiver(stuck, () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        Webhooks webhooks = webhooks(FAST, endpoint("dead", dead));
        org.gatewaydrain.transport.memory.InMemoryDrainChannel channel = new org.gatewaydrain.transport.memory.InMemoryDrainChannel();
        GatewayWebhooks relay = new GatewayWebhooks(webhooks, "gw-1");
        org.gatewaydrain.runtime.Gateway gateway = org.gatewaydrain.runtime.Gateway.builder().channel(channel)
                .statusStore(new org.gatewaydrain.transport.memory.InMemoryStatusStore())
                .turnHandler(event -> java.util.concurrent.CompletableFuture.completedFuture("ok"))
                .notifier(relay).instanceId("gw-1").build();
        relay.listenTo(gateway);
        CountDownLatch transitions = new CountDownLatch(20);
        gateway.addListener(new org.gatewaydrain.runtime.GatewayListener() {
            @Override
            public void stateChanged(org.gatewaydrain.core.GatewayState from, org.gatewaydrain.core.GatewayState to) {
                if (to == org.gatewaydrain.core.GatewayState.DRAINING || from == org.gatewaydrain.core.GatewayState.DRAINING) {
                    transitions.countDown();
                }
            }
        });
        gateway.start();
        try {
            for (int i = 0; i < 10; i++) {
                channel.request(org.gatewaydrain.core.DrainRequest.of("ops", Instant.now()));
                gateway.reconcile();
                channel.cancel();
                gateway.reconcile();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stuck.size() == 1);
            int accepted = 0;
            for (int i = 0; i < 1000; i++) {
                if (gateway.handle(org.gatewaydrain.runtime.MessageEvent.external("s" + i, "hi"))
                        instanceof org.gatewaydrain.runtime.Admission.Accepted) {
                    accepted++;
                }
            }

            assertThat(transitions.await(10, TimeUnit.SECONDS)).as("every listener call arrived while the endpoint hangs")
                    .isTrue();
            assertThat(accepted).isEqualTo(1000);
            assertThat(webhooks.health().get(0).waiting()).as("draining, quiesced and resumed, ten times, wait for the endpoint")
                    .isEqualTo(30);
        } finally {
            release.countDown();
            gateway.shutdown(Duration.ofSeconds(1), "test over");
        }
    }

    @Test
    void aSecretFile_isReadAtStartUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws IOException {
        java.nio.file.Path file = folder.resolve("pager.whsec");
        java.nio.file.Files.writeString(file, SECRET + "\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        List<WebhookEndpoint> read = WebhookConfig.endpoints(List.of(Map.of("url", "https://example.com/x",
                "secret_file", file.toString(), "events", "*")), IllegalArgumentException::new);

        assertThat(read.get(0).key()).isEqualTo(Signature.key(SECRET));
        assertThat(read.get(0).events()).doesNotContain(EventType.WEBHOOK_TEST).contains(EventType.values()[0]);
    }

    @Test
    void configuration_namesTheKey_andNeverRepeatsTheSecret() {
        assertThatThrownBy(() -> WebhookConfig.endpoints(List.of(Map.of("url", "ftp://example.com/x", "secret", SECRET,
                "events", "*")), IllegalArgumentException::new)).hasMessageContaining("webhooks[0].url");
        assertThatThrownBy(() -> WebhookConfig.endpoints(List.of(Map.of("url", "https://example.com/x",
                "secret", "whsec_not-base64-at-all!!", "events", "*")), IllegalArgumentException::new))
                .hasMessageContaining("webhooks[0].secret").hasMessageNotContaining("not-base64-at-all");
        assertThatThrownBy(() -> WebhookConfig.endpoints(List.of(Map.of("url", "https://example.com/x", "secret", SECRET,
                "events", List.of("gateway.exploded"))), IllegalArgumentException::new))
                .hasMessageContaining("webhooks[0].events");
        assertThatThrownBy(() -> WebhookConfig.endpoints(List.of(Map.of("url", "https://example.com/x", "events", "*")),
                IllegalArgumentException::new)).hasMessageContaining("exactly one of secret and secret_file");

        assertThatThrownBy(() -> WebhookConfig.endpoints(List.of(Map.of("url", "https://example.com/x",
                "secret_file", "/nonexistent/pager.whsec", "events", "*")), IllegalArgumentException::new))
                .hasMessageContaining("webhooks[0].secret_file").hasMessageContaining("cannot be read");

        List<WebhookEndpoint> read = WebhookConfig.endpoints(List.of(Map.of("name", "pager", "url", "https://example.com/x?k=1",
                "secret", SECRET, "events", List.of("gateway.draining", "notice.session"))), IllegalArgumentException::new);
        assertThat(read).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.events()).containsExactlyInAnyOrder(EventType.GATEWAY_DRAINING, EventType.NOTICE_SESSION);
            assertThat(endpoint.toString()).doesNotContain("MfKQ9r8").doesNotContain("k=1");
        });
    }
}
