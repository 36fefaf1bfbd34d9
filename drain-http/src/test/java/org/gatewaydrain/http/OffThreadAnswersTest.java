package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.junit.jupiter.api.Test;

/** An answer that waited for the gateway is written from the HTTP plane's threads, never from the one the gateway told it on. */
class OffThreadAnswersTest {

    /** One client for the class: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static final String TOKEN = "reader-token-0123456789abcdefghijklmno";

    @Test
    void aLongPollsAnswer_isRenderedOffTheThreadThatCompletedIt() throws Exception {
        CompletableFuture<Boolean> quiesced = new CompletableFuture<>();
        List<String> readsAfterQuiesced = new CopyOnWriteArrayList<>();
        boolean[] done = new boolean[1];
        StatusSource source = new StatusSource() {
            @Override
            public StatusReading read() {
                if (done[0]) {
                    readsAfterQuiesced.add(Thread.currentThread().getName());
                }
                Instant now = Instant.now();
                return new StatusReading.Published(new RuntimeStatus(1, "gateway", "gw", "host", now, GatewayState.DRAINING,
                        0, Optional.empty(), Optional.empty(), ChannelHealth.OK, Optional.empty(), now), true);
            }

            @Override
            public CompletableFuture<Boolean> onQuiesced() {
                return quiesced;
            }

            @Override
            public Subscription onChange(Runnable listener) {
                return () -> { };
            }
        };
        try (DrainHttpServer server = DrainHttpServer.start(DrainRoutes.builder().channel(new InMemoryDrainChannel())
                .status(source).authenticator(TokenAuthenticator.of(List.of(
                        new TokenGrant("reader", Tokens.sha256(TOKEN), EnumSet.of(Scope.STATUS))))).build(), "127.0.0.1", 0)) {
            HttpClient client = CLIENT;
            URI base = URI.create("http://127.0.0.1:" + server.port());
            CompletableFuture<HttpResponse<String>> poll = client.sendAsync(HttpRequest.newBuilder(
                    base.resolve("/api/gateway/status?wait=quiesced&timeout=60s")).header("Authorization", "Bearer " + TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> client.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body().contains("gateway_http_long_polls 1.0"));

            Thread gatewayThread = new Thread(() -> {
                done[0] = true;
                quiesced.complete(true);
            }, "gateway-events");
            gatewayThread.start();
            gatewayThread.join(10_000);

            assertThat(poll.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(readsAfterQuiesced).isNotEmpty().noneMatch("gateway-events"::equals);
        }
    }
}
