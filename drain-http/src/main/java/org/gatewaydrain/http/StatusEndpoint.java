package org.gatewaydrain.http;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/gateway/status} (with the {@code ?wait=quiesced&timeout=30s} long-poll) and
 * {@code GET /api/gateway/events} (one Server-Sent Event per state, count or channel-health
 * change, starting with the current status). Thread-safe.
 */
final class StatusEndpoint {

    static final String STATUS_PATH = "/api/gateway/status";
    static final String EVENTS_PATH = "/api/gateway/events";

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(StatusEndpoint.class);

    private final StatusSource source;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();

    StatusEndpoint(StatusSource source) {
        this.source = source;
    }

    void status(Context ctx) {
        String wait = ctx.queryParam("wait");
        if (wait == null) {
            sendStatus(ctx);
            return;
        }
        if (!wait.equals("quiesced")) {
            throw ApiException.badRequest("Unknown wait '" + wait + "'; the only one is wait=quiesced.");
        }
        Duration timeout = timeout(ctx.queryParam("timeout"));
        ctx.future(() -> source.onQuiesced()
                .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> false)
                .thenAccept(quiesced -> sendStatus(ctx)));
    }

    void events(SseClient client) {
        EventStream stream = new EventStream(client);
        streams.add(stream);
        client.keepAlive();
        client.onClose(stream::close);
        stream.subscription = source.onChange(stream::send);
        stream.send();
    }

    /** Ends every open event stream; called before the server stops so nothing writes to a dead connection. */
    void closeStreams() {
        streams.forEach(EventStream::close);
    }

    private void sendStatus(Context ctx) {
        RuntimeStatus status = source.current().orElseThrow(StatusEndpoint::noStatus);
        Json.send(ctx, 200, StatusJson.of(status, source.live()));
    }

    /** One client's stream: sends are serialised, and a failed send ends the stream. */
    private final class EventStream {
        private final SseClient client;
        private volatile Subscription subscription = () -> { };
        private boolean closed;

        EventStream(SseClient client) {
            this.client = client;
        }

        synchronized void send() {
            if (closed || client.terminated()) {
                return;
            }
            source.current().ifPresent(status -> {
                try {
                    client.sendEvent("status", Json.MAPPER.writeValueAsString(StatusJson.of(status, source.live())));
                } catch (Exception e) {
                    LOG.debug("An event stream failed while sending; ending it", e);
                    close();
                }
            });
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            streams.remove(this);
            subscription.close();
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing an event stream failed", e);
            }
        }
    }

    private static Duration timeout(String text) {
        if (text == null) {
            return DEFAULT_WAIT;
        }
        try {
            Duration timeout = DurationText.parse(text);
            if (timeout.compareTo(MAX_WAIT) > 0) {
                throw ApiException.badRequest("timeout may be at most " + DurationText.format(MAX_WAIT) + ".");
            }
            return timeout;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Bad timeout: " + e.getMessage() + ".");
        }
    }

    static ApiException noStatus() {
        return new ApiException(503, "no_status", "No gateway has published a status here yet.",
                Map.of("Retry-After", "5"), Map.of());
    }
}
