package org.gatewaydrain.server.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The server's webhook endpoints: {@link #publish} signs nothing and blocks nothing, it hands
 * the event to each endpoint that wants it ({@link WebhookLane}), where it is delivered at least
 * once, in order, retried with back-off. {@link #close} gives what is pending a bounded flush.
 * {@code gateway_webhook_deliveries_total{endpoint, result}} counts how deliveries went.
 * Thread-safe.
 */
public final class Webhooks implements AutoCloseable {

    /** No endpoints: publishing does nothing. */
    public static final Webhooks NONE = new Webhooks(List.of(), WebhookLane.Policy.DEFAULT, Clock.systemUTC(),
            new SimpleMeterRegistry());

    private static final SecureRandom IDS = new SecureRandom();

    private final List<WebhookLane> lanes;
    private final Clock clock;

    Webhooks(List<WebhookEndpoint> endpoints, WebhookLane.Policy policy, Clock clock, MeterRegistry registry) {
        this.clock = clock;
        WebhookLane.Outcomes counted = (endpoint, result) -> Counter.builder("gateway.webhook.deliveries")
                .description("Webhook delivery attempts and their ends, by endpoint and result")
                .tag("endpoint", endpoint).tag("result", result).register(registry).increment();
        this.lanes = endpoints.stream().map(endpoint -> new WebhookLane(endpoint, policy, clock, counted)).toList();
    }

    /** @return the dispatcher for {@code endpoints}, counting into {@code registry} */
    public static Webhooks start(List<WebhookEndpoint> endpoints, MeterRegistry registry) {
        return endpoints.isEmpty() ? NONE : new Webhooks(endpoints, WebhookLane.Policy.DEFAULT, Clock.systemUTC(), registry);
    }

    /** Hands the event to every endpoint that wants it; returns at once. */
    public void publish(EventType type, EventData data) {
        if (lanes.isEmpty()) {
            return;
        }
        WebhookEvent event = new WebhookEvent(newId(), type, clock.instant(), data);
        for (WebhookLane lane : lanes) {
            if (lane.endpoint().wants(type)) {
                lane.offer(event);
            }
        }
    }

    /** @return each endpoint's last success and failure, without its secret */
    public List<EndpointHealth> health() {
        return lanes.stream().map(WebhookLane::health).toList();
    }

    /** @return the endpoints configured */
    public List<WebhookEndpoint> endpoints() {
        return lanes.stream().map(WebhookLane::endpoint).toList();
    }

    /**
     * Waits until every endpoint has nothing pending, for at most {@code within}.
     *
     * @return whether everything was delivered (or given up on) in time
     */
    public boolean flush(Duration within) {
        long until = System.nanoTime() + within.toNanos();
        while (!lanes.stream().allMatch(WebhookLane::idle)) {
            if (System.nanoTime() >= until) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Gives pending deliveries up to {@code within}, then stops; what is left is logged. */
    public void close(Duration within) {
        flush(within);
        lanes.forEach(WebhookLane::close);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    /** @return the endpoint called {@code name} */
    public Optional<WebhookEndpoint> endpoint(String name) {
        return endpoints().stream().filter(endpoint -> endpoint.name().equals(name)).findFirst();
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        IDS.nextBytes(bytes);
        return "msg_" + HexFormat.of().formatHex(bytes);
    }
}
