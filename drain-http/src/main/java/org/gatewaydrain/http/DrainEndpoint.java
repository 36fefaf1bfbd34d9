package org.gatewaydrain.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;

/**
 * {@code POST /api/gateway/drain}: writes or withdraws the drain request on the channel. The
 * gateway owns the transition; the answer's {@code draining} says whether the gateway showed
 * {@code draining} within a short confirmation wait. A client mistake never touches the
 * channel. Thread-safe.
 */
final class DrainEndpoint {

    static final String PATH = "/api/gateway/drain";

    /** The longest a request may live before it goes stale by itself. */
    static final long MAX_TTL_SECONDS = Duration.ofDays(7).toSeconds();

    private static final Set<String> FIELDS = Set.of("action", "reason", "ttl_seconds", "suppress_notification");

    private final DrainControlChannel channel;
    private final StatusSource status;
    private final DrainMetrics metrics;
    private final Duration confirmWait;
    private final Clock clock;

    DrainEndpoint(DrainControlChannel channel, StatusSource status, DrainMetrics metrics, Duration confirmWait,
            Clock clock) {
        this.channel = channel;
        this.status = status;
        this.metrics = metrics;
        this.confirmWait = confirmWait;
        this.clock = clock;
    }

    void handle(Context ctx) {
        JsonBody body = JsonBody.read(ctx, FIELDS);
        String action = body.string("action").orElse(DrainRequest.ACTION);
        ctx.attribute(Access.ACTION, action);
        switch (action) {
            case "drain" -> drain(ctx, body);
            case "cancel" -> cancel(ctx);
            default -> throw new ApiException(400, "unknown_action",
                    "Unknown action '" + action + "'; use \"drain\" or \"cancel\".");
        }
    }

    private void drain(Context ctx, JsonBody body) {
        ApiPrincipal principal = Access.principal(ctx);
        DrainRequest request = DrainRequest.of(principal.name(), clock.instant())
                .withReason(body.string("reason").orElse(null))
                .withSuppressNotification(body.bool("suppress_notification").orElse(false));
        long ttl = body.integer("ttl_seconds", 1, MAX_TTL_SECONDS).orElse(0L);
        DrainRequest toWrite = ttl > 0 ? request.withTimeToLive(Duration.ofSeconds(ttl)) : request;
        write(() -> {
            channel.request(toWrite);
            return true;
        });
        metrics.controlRequest("drain");
        ctx.future(() -> confirmDraining().thenAccept(draining -> Json.send(ctx, 200, Json.object(
                "ok", true,
                "action", "drain",
                "requested_at", toWrite.requestedAt().toString(),
                "principal", toWrite.principal(),
                "draining", draining))));
    }

    private void cancel(Context ctx) {
        boolean wasThere = write(channel::cancel);
        metrics.controlRequest("cancel");
        Json.send(ctx, 200, Json.object("ok", true, "action", "cancel", "was_draining", wasThere));
    }

    /** Runs a channel write; a write failure is the server's 503, never a 5xx of another kind. */
    private static <T> T write(Supplier<T> write) {
        try {
            return write.get();
        } catch (DrainControlException e) {
            throw new ApiException(503, "channel_unavailable", e.getMessage());
        }
    }

    /** Completes true as soon as the gateway shows draining, false after the confirmation wait. */
    private CompletableFuture<Boolean> confirmDraining() {
        CompletableFuture<Boolean> draining = new CompletableFuture<>();
        Subscription subscription = status.onChange(() -> {
            if (isDraining()) {
                draining.complete(true);
            }
        });
        if (isDraining()) {
            draining.complete(true);
        }
        return draining.completeOnTimeout(false, confirmWait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> subscription.close());
    }

    private boolean isDraining() {
        return status.current().map(s -> s.state() == GatewayState.DRAINING).orElse(false);
    }
}
