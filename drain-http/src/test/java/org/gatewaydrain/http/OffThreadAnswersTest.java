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
import java.util.concurrent.atomic.AtomicBoolean;
import org.gatewaydrain.client.StatusFeed;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
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
        List<String> readsAfterQuiesced = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Runnable> listeners = new CopyOnWriteArrayList<>();
        StatusFeed source = new StatusFeed() {
            @Override
            public StatusReading status() {
                if (done.get()) {
                    readsAfterQuiesced.add(Thread.currentThread().getName());
                }
                Instant now = Instant.now();
                return new StatusReading.Published(new RuntimeStatus(1, "gateway", "gw", "host", now, GatewayState.DRAINING,
                        done.get() ? 0 : 1, Optional.empty(), Optional.empty(), ChannelHealth.OK, Optional.empty(), now),
                        true);
            }

            @Override
            public FleetReading fleet() {
                return FleetReading.NOT_A_FLEET;
            }

            @Override
            public Subscription onChange(Runnable listener) {
                listeners.add(listener);
                return () -> listeners.remove(listener);
            }

            @Override
            public boolean pushes(DrainTarget target) {
                return true;
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

            // The gateway's thread turns the status quiesced and tells the feed's listeners, as a store's watch would.
            Thread gatewayThread = new Thread(() -> {
                done.set(true);
                listeners.forEach(Runnable::run);
            }, "gateway-events");
            gatewayThread.start();
            gatewayThread.join(10_000);

            assertThat(poll.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            // The watch may look once on the thread that told it; the answer's own read comes after, on the plane's threads.
            assertThat(readsAfterQuiesced).isNotEmpty();
            assertThat(readsAfterQuiesced.get(readsAfterQuiesced.size() - 1)).isNotEqualTo("gateway-events");
            assertThat(readsAfterQuiesced.stream().filter("gateway-events"::equals)).hasSizeLessThanOrEqualTo(1);
        }
    }
}
