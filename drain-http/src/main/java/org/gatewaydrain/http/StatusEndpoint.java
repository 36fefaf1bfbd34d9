package org.gatewaydrain.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.client.ApiObjects;
import org.gatewaydrain.client.StatusFeed;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.client.Until;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.Subscription;

/**
 * {@code GET /api/gateway/status} (with the {@code ?wait=quiesced&timeout=30s} long-poll) and
 * {@code GET /api/gateway/events} (a Server-Sent Event named {@code status} per change,
 * starting with the current status; on a fleet a {@code rollout} event per change of the
 * cluster's rollout, starting with the one recorded (or none); a comment line every
 * {@value #HEARTBEAT_SECONDS} s).
 * Streams and long-polls are capped ({@link HttpLimits}); every answer that waited is sent
 * from this endpoint's own threads, never from the gateway's. Thread-safe.
 */
final class StatusEndpoint implements AutoCloseable {

    static final String STATUS_PATH = "/api/gateway/status";
    static final String EVENTS_PATH = "/api/gateway/events";

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final long HEARTBEAT_SECONDS = 15;

    private static final int STATUS_FEED = 0;
    private static final int ROLLOUT_FEED = 1;
    private static final String STREAM_SLOT = "gatewaydrain.stream-slot";
    /** What a client must accept to get the event stream (Javalin streams only then). */
    private static final String EVENT_STREAM = "text/event-stream";

    private final StatusFeed source;
    /** Fields extensions add to each answer, in the order they were added. */
    private final Map<String, java.util.function.Supplier<?>> extraFields =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private final Slots streams;
    private final Slots polls;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers = Executors.newCachedThreadPool(DaemonThreads.named("http-events-%d"));
    private final Executor responses;
    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("http-events-heartbeat"));
    private final Subscription changes;
    private final RolloutEndpoint rollouts;
    private final Subscription rolloutChanges;
    private final List<EventStream.Feed> feeds;

    /**
     * @param responses where answers that waited are sent from
     * @param rollouts the fleet's rollout, whose changes the stream carries as {@code rollout} events
     */
    StatusEndpoint(StatusFeed source, HttpLimits limits, Duration heartbeatEvery, MeterRegistry meters, Executor responses,
            RolloutEndpoint rollouts) {
        this.source = source;
        this.rollouts = rollouts;
        this.feeds = List.of(new EventStream.Feed("status", this::eventData),
                new EventStream.Feed("rollout", rollouts::eventData));
        this.responses = responses;
        this.streams = new Slots("event streams", limits.eventStreams(), limits.eventStreamsPerPrincipal());
        this.polls = new Slots("long-polls", limits.longPolls(), limits.longPollsPerPrincipal());
        Gauge.builder("gateway.http.event.streams", streams, Slots::used).description("Open event streams").register(meters);
        Gauge.builder("gateway.http.long.polls", polls, Slots::used).description("Waiting long-polls").register(meters);
        this.changes = source.onChange(() -> open.forEach(stream -> stream.changed(STATUS_FEED)));
        this.rolloutChanges = rollouts.watch(() -> open.forEach(stream -> stream.changed(ROLLOUT_FEED)));
        heartbeat.scheduleAtFixedRate(() -> open.forEach(EventStream::heartbeat), heartbeatEvery.toMillis(),
                heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void status(Context ctx) {
        String wait = ctx.queryParam("wait");
        if (wait == null) {
            Json.send(ctx, 200, body());
            return;
        }
        if (!wait.equals("quiesced")) {
            throw ApiException.badRequest("Unknown wait; the only one is wait=quiesced.");
        }
        Duration timeout = timeout(ctx.queryParam("timeout"));
        body();
        Slots.Slot slot = polls.acquire(ApiPrincipal.of(ctx).name());
        // Answered once quiesced, or once nothing live is there to quiesce, or at the timeout: the body says which.
        CompletableFuture<Until.Quiesce> quiet = StatusWatch.when(source, DrainTarget.OWN, Until.quiesced(DrainTarget.OWN),
                StatusWatch.Pace.DEFAULT, look -> { });
        CompletableFuture<Map<String, Object>> answer = quiet
                .completeOnTimeout(Until.Quiesce.GONE, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> Until.Quiesce.GONE)
                .thenApplyAsync(ended -> body(), responses)
                .whenComplete((body, failure) -> {
                    quiet.cancel(false);
                    slot.close();
                });
        ctx.future(() -> answer.thenAccept(body -> Json.send(ctx, 200, body)));
    }

    /**
     * @return the before-handler of the events path: a GET that accepts {@code text/event-stream}
     *     becomes a stream and takes a place for its principal (429 beyond the cap), given back
     *     when the stream ends; a GET that does not is answered 406 and takes none; another
     *     method takes none either (the router answers 405). Only a stream holds a place.
     */
    Handler streamAdmission() {
        return ctx -> {
            if (!ctx.req().getMethod().equals("GET")) {
                return;
            }
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains(EVENT_STREAM)) {
                throw new ApiException(406, "not_acceptable", "This route is an event stream: send Accept: "
                        + EVENT_STREAM + " (with curl: curl -N -H 'Accept: " + EVENT_STREAM + "' ...).");
            }
            ctx.attribute(STREAM_SLOT, streams.acquire(ApiPrincipal.of(ctx).name()));
        };
    }

    void events(SseClient client) {
        Slots.Slot slot = client.ctx().attribute(STREAM_SLOT);
        EventStream stream = new EventStream(client, writers, feeds, () -> {
            open.removeIf(s -> !s.isOpen());
            slot.close();
        });
        client.keepAlive();
        open.add(stream);
        client.onClose(stream::close);
        stream.changed(STATUS_FEED);
    }

    /** @return how many event streams are open */
    int openStreams() {
        return open.size();
    }

    /** Ends every open event stream, answering each while the server still can. */
    void closeStreams() {
        open.forEach(EventStream::close);
    }

    /** Ends every open event stream and stops the endpoint's threads. */
    @Override
    public void close() {
        changes.close();
        rolloutChanges.close();
        heartbeat.shutdownNow();
        closeStreams();
        writers.shutdown();
    }

    /** @return the status as an event's data, or empty while there is none to show */
    private Optional<String> eventData() {
        StatusReading reading = source.status();
        return reading instanceof StatusReading.Published published
                ? Optional.of(Json.text(ApiObjects.status(published))) : Optional.empty();
    }

    /** Adds a field an extension gives to every status answer (not to the events). */
    void addField(String name, java.util.function.Supplier<?> value) {
        extraFields.put(name, value);
    }

    private Map<String, Object> body() {
        StatusReading reading = source.status();
        if (reading instanceof StatusReading.Published published) {
            Map<String, Object> body = ApiObjects.status(published);
            extraFields.forEach((name, value) -> body.put(name, value.get()));
            return body;
        }
        if (reading instanceof StatusReading.Unknown) {
            throw new ApiException(503, "status_unavailable", "The gateway's status cannot be read right now.",
                    Map.of("Retry-After", "5"), Map.of());
        }
        throw new ApiException(503, "no_status", "No gateway has published a status here yet.",
                Map.of("Retry-After", "5"), Map.of());
    }

    private static Duration timeout(String text) {
        if (text == null) {
            return DEFAULT_WAIT;
        }
        Duration timeout;
        try {
            timeout = org.gatewaydrain.core.DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Bad timeout; write e.g. 500ms, 30s or 5m.");
        }
        if (timeout.compareTo(MAX_WAIT) > 0) {
            throw ApiException.badRequest("timeout may be at most " + org.gatewaydrain.core.DurationText.format(MAX_WAIT) + ".");
        }
        return timeout;
    }
}
