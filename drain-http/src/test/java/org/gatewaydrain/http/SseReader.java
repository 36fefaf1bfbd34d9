package org.gatewaydrain.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads a Server-Sent Events stream on a background thread; each {@code data:} line becomes a
 * JSON event under the name its {@code event:} line gave, comment lines are counted.
 */
public final class SseReader implements AutoCloseable {

    private record Named(String name, JsonNode data) {
    }

    private final BlockingQueue<Named> events = new LinkedBlockingQueue<>();
    private final AtomicReference<String> name = new AtomicReference<>("message");
    private final AtomicInteger comments = new AtomicInteger();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    public SseReader(HttpClient client, URI uri, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> r.body().forEach(line -> {
            if (line.startsWith("event:")) {
                name.set(line.substring(6).trim());
            } else if (line.startsWith("data:")) {
                try {
                    events.add(new Named(name.get(), Json.MAPPER.readTree(line.substring(5).trim())));
                } catch (IOException e) {
                    throw new IllegalStateException("Event is not JSON: " + line, e);
                }
            } else if (line.startsWith(":")) {
                comments.incrementAndGet();
            }
        }));
    }

    /** @return the first {@code status} event, within {@code timeout}, that matches; earlier events are consumed */
    public JsonNode awaitEvent(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        return awaitEvent("status", wanted, timeout);
    }

    /** @return the first event named {@code eventName}, within {@code timeout}, that matches; earlier events are consumed */
    public JsonNode awaitEvent(String eventName, Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Named event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("No matching " + eventName + " event within " + timeout);
            }
            if (event.name().equals(eventName) && wanted.test(event.data())) {
                return event.data();
            }
        }
    }

    /** @return how many comment lines (heartbeats) arrived */
    public int comments() {
        return comments.get();
    }

    /** @return the response's status, once it has started */
    public int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
