package org.gatewaydrain.server.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's deliveries, on a thread of its own, in order: the event at the head is tried
 * until a 2xx answer, backing off exponentially between attempts (doubling from the first wait
 * up to the longest), and given up once it is older than the retry limit; only then does the
 * next one go. At most {@code capacity} events wait; when one more comes the oldest waiting is
 * dropped, counted and logged. Each attempt has its own timestamp and signature, but the same
 * id and body. Enqueueing never blocks, so a slow or dead endpoint delays nobody else.
 * Thread-safe.
 */
final class WebhookLane {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookLane.class);

    /** How deliveries go: the first and longest wait between attempts, how long to keep trying, the socket timeouts. */
    record Policy(Duration firstRetry, Duration longestRetry, Duration retryFor, int capacity, Duration connectTimeout,
            Duration readTimeout) {
        /** 1 s doubling to 10 min, for 24 h; 1000 waiting; 5 s to connect, 10 s to answer. */
        static final Policy DEFAULT = new Policy(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24), 1000,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** What the lane tells the metrics: the endpoint's name and how a delivery ended ({@code ok}, {@code failed}, {@code dropped}, {@code expired}). */
    interface Outcomes extends BiConsumer<String, String> {
    }

    private final WebhookEndpoint endpoint;
    private final Policy policy;
    private final Clock clock;
    private final Outcomes outcomes;
    private final Deque<WebhookEvent> waiting = new ArrayDeque<>();
    private final Thread thread;
    private WebhookEvent current;
    private boolean closed;
    private long dropped;
    private Optional<Instant> lastSuccess = Optional.empty();
    private Optional<EndpointHealth.Failure> lastFailure = Optional.empty();

    WebhookLane(WebhookEndpoint endpoint, Policy policy, Clock clock, Outcomes outcomes) {
        this.endpoint = endpoint;
        this.policy = policy;
        this.clock = clock;
        this.outcomes = outcomes;
        this.thread = DaemonThreads.named("webhook-" + endpoint.name()).newThread(this::run);
        thread.start();
    }

    WebhookEndpoint endpoint() {
        return endpoint;
    }

    /** Queues an event; drops the oldest waiting one when full. Never blocks. */
    synchronized void offer(WebhookEvent event) {
        if (closed) {
            return;
        }
        if (waiting.size() >= policy.capacity()) {
            WebhookEvent oldest = waiting.pollFirst();
            dropped++;
            outcomes.accept(endpoint.name(), "dropped");
            if (dropped == 1 || dropped % 100 == 0) {
                LOG.warn("{}: {} events waiting; dropped the oldest ({} {}), {} dropped so far", endpoint,
                        policy.capacity(), oldest.type().wireName(), oldest.id(), dropped);
            }
        }
        waiting.addLast(event);
        notifyAll();
    }

    /** @return whether nothing waits and nothing is being delivered */
    synchronized boolean idle() {
        return current == null && waiting.isEmpty();
    }

    synchronized EndpointHealth health() {
        return new EndpointHealth(endpoint.name(), endpoint.shownUrl(), lastSuccess, lastFailure, waiting.size()
                + (current == null ? 0 : 1), dropped);
    }

    /** Stops taking events and ends the thread; what still waits is logged as lost. */
    void close() {
        int lost;
        synchronized (this) {
            closed = true;
            lost = waiting.size() + (current == null ? 0 : 1);
            waiting.clear();
            notifyAll();
        }
        thread.interrupt();
        if (lost > 0) {
            LOG.warn("{}: {} event(s) not delivered before the server stopped", endpoint, lost);
        }
    }

    private void run() {
        while (true) {
            WebhookEvent event;
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        if (closed) {
                            return;
                        }
                    }
                }
                if (closed) {
                    return;
                }
                event = waiting.pollFirst();
                current = event;
            }
            boolean delivered = deliver(event);
            synchronized (this) {
                current = null;
                notifyAll();
            }
            if (!delivered && closed) {
                return;
            }
        }
    }

    /** @return whether it was delivered (or given up on); false when closed meanwhile */
    private boolean deliver(WebhookEvent event) {
        Duration wait = policy.firstRetry();
        String body = event.body();
        while (true) {
            Optional<String> failure = attempt(event, body);
            synchronized (this) {
                // Counted before it shows: whoever sees the health change finds the count already there.
                if (failure.isEmpty()) {
                    outcomes.accept(endpoint.name(), "ok");
                    lastSuccess = Optional.of(clock.instant());
                    return true;
                }
                outcomes.accept(endpoint.name(), "failed");
                lastFailure = Optional.of(new EndpointHealth.Failure(clock.instant(), failure.get()));
                if (Duration.between(event.timestamp(), clock.instant()).compareTo(policy.retryFor()) > 0) {
                    outcomes.accept(endpoint.name(), "expired");
                    LOG.warn("{}: gave up on {} {} after {}: {}", endpoint, event.type().wireName(), event.id(),
                            policy.retryFor(), failure.get());
                    return true;
                }
                LOG.info("{}: {} {} failed ({}); trying again in {} ms", endpoint, event.type().wireName(), event.id(),
                        failure.get(), wait.toMillis());
                try {
                    long until = System.nanoTime() + wait.toNanos();
                    while (!closed && System.nanoTime() < until) {
                        wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return false;
                }
                if (closed) {
                    return false;
                }
            }
            wait = wait.multipliedBy(2).compareTo(policy.longestRetry()) > 0 ? policy.longestRetry() : wait.multipliedBy(2);
        }
    }

    /** @return why the attempt failed; empty on a 2xx answer */
    private Optional<String> attempt(WebhookEvent event, String body) {
        long timestamp = clock.instant().getEpochSecond();
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) endpoint.url().toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) policy.connectTimeout().toMillis());
            connection.setReadTimeout((int) policy.readTimeout().toMillis());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("webhook-id", event.id());
            connection.setRequestProperty("webhook-timestamp", Long.toString(timestamp));
            connection.setRequestProperty("webhook-signature", Signature.sign(endpoint.key(), event.id(), timestamp, body));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int code = connection.getResponseCode();
            try (InputStream in = code >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (in != null) {
                    in.readNBytes(4096);
                }
            }
            return code >= 200 && code < 300 ? Optional.empty() : Optional.of("answered " + code);
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
