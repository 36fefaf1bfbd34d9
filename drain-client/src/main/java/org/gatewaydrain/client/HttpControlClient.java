package org.gatewaydrain.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.client.internal.JsonText;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A requester on a server's HTTP API ({@code gateway run} or {@code gateway control-plane}), with
 * a bearer token: the same answers as on the transport, decoded from the API's objects
 * ({@link ApiObjects}). Its gateway's changes are pushed: the first listener opens the server's
 * event stream, which keeps the latest status too, so a wait reacts within the stream's latency;
 * a fleet is read on demand (the stream carries none). Every request is bounded in time, every
 * answer in size. The server answers for the token's principal. Thread-safe.
 *
 * <p>It speaks HTTP/1.1 with the JDK's {@link HttpURLConnection}: a command that ends right
 * after its wait (the CLI) exits at once, where the JDK's newer client keeps a selector thread
 * in native code that holds the exiting JVM a further 300 ms, and costs a quarter second of
 * start-up besides. Closing the client closes the event stream's connection, so no thread of
 * it is left reading.
 */
public final class HttpControlClient implements ControlClient {

    /** Answers larger than this are not read: no answer of the API comes near it. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(10);
    /** The server sends a comment every 15 s; three missed ones and the stream is taken for dead. */
    private static final Duration STREAM_SILENCE = Duration.ofSeconds(45);

    private final URI base;
    private final String token;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("http-client-%d"));
    private final AtomicReference<HttpURLConnection> stream = new AtomicReference<>();
    private final ChangeFanout<Runnable> listeners = new ChangeFanout<>();
    private final AtomicReference<StatusReading> streamed = new AtomicReference<>();
    private final Object streamLock = new Object();
    private volatile Set<String> scopes;
    private volatile boolean streaming;
    private volatile boolean closed;

    /**
     * @param base the server, e.g. {@code http://127.0.0.1:8080}
     * @param token the bearer token
     */
    public HttpControlClient(URI base, String token) {
        String text = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = Objects.requireNonNull(token, "token");
        if (!"http".equals(this.base.getScheme()) && !"https".equals(this.base.getScheme())) {
            throw new IllegalArgumentException("not an http or https URL: " + base);
        }
    }

    @Override
    public DrainAnswer drain(DrainOrder order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", "drain");
        order.reason().ifPresent(reason -> body.put("reason", reason));
        order.ttl().ifPresent(ttl -> body.put("ttl_seconds", Math.max(1, ttl.toSeconds())));
        order.timing().deadline().ifPresent(deadline -> {
            body.put("deadline_seconds", Math.max(1, deadline.toSeconds()));
            body.put("on_deadline", order.timing().onDeadline().wireName());
        });
        if (!order.timing().sessionGrace().isZero()) {
            body.put("session_grace_seconds", order.timing().sessionGrace().toSeconds());
        }
        if (order.suppressNotification()) {
            body.put("suppress_notification", true);
        }
        target(body, order.target());
        Answer answer = post(body);
        return ApiObjects.decodeDrainAnswer(answer.expectOk()).orElseThrow(() -> new DrainControlException(
                base + " answered a drain without a principal or a readable requested_at."));
    }

    @Override
    public boolean cancel(DrainTarget target) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", "cancel");
        target(body, target);
        return Boolean.TRUE.equals(post(body).expectOk().get("was_draining"));
    }

    /** The status the event stream last carried while it is open; otherwise asked for. */
    @Override
    public StatusReading status() {
        StatusReading fromStream = streamed.get();
        if (fromStream != null && streaming) {
            return fromStream;
        }
        try {
            Answer answer = get("/api/gateway/status");
            if (answer.status() == 503 && answer.error().equals("no_status")) {
                return StatusReading.ABSENT;
            }
            if (answer.status() != 200) {
                return new StatusReading.Unknown(answer.describe());
            }
            return ApiObjects.decodeStatus(answer.body()).<StatusReading>map(p -> p)
                    .orElseGet(() -> new StatusReading.Unknown(base + " answered a status that is not one"));
        } catch (DrainControlException e) {
            return new StatusReading.Unknown(e.getMessage());
        }
    }

    @Override
    public FleetReading fleet() {
        try {
            Answer answer = get("/api/fleet/status");
            if (answer.status() == 404 && answer.error().equals("not_a_fleet")) {
                return FleetReading.NOT_A_FLEET;
            }
            if (answer.status() != 200) {
                return new FleetReading.Unknown(answer.describe());
            }
            return ApiObjects.decodeFleet(answer.body()).<FleetReading>map(f -> f)
                    .orElseGet(() -> new FleetReading.Unknown(base + " answered a fleet that is not one"));
        } catch (DrainControlException e) {
            return new FleetReading.Unknown(e.getMessage());
        }
    }

    @Override
    public Optional<RolloutReading> rollout() {
        try {
            Answer answer = get("/api/fleet/rollout");
            if (answer.status() == 404) {
                return Optional.empty();
            }
            return Optional.of(answer.status() == 200 ? ApiObjects.decodeRollout(answer.body())
                    : new RolloutReading.Unknown(answer.describe()));
        } catch (DrainControlException e) {
            return Optional.of(new RolloutReading.Unknown(e.getMessage()));
        }
    }

    /** @return empty: a server's API shows the rollout record but hands out no lock */
    @Override
    public Optional<RolloutLedger> ledger() {
        return Optional.empty();
    }

    /** As {@code GET /api} says; none when the server cannot tell. */
    @Override
    public Set<String> scopes() {
        Set<String> known = scopes;
        if (known == null) {
            known = new TreeSet<>();
            try {
                Answer answer = get("/api");
                if (answer.status() == 200 && answer.body().get("scopes") instanceof List<?> listed) {
                    listed.stream().filter(String.class::isInstance).map(String.class::cast).forEach(known::add);
                }
            } catch (DrainControlException e) {
                return Set.of();
            }
            scopes = Set.copyOf(known);
        }
        return known;
    }

    /** Opens the server's event stream on the first listener; it stays open, reconnecting, until the client closes. */
    @Override
    public Subscription onChange(Runnable listener) {
        Subscription subscription = listeners.add(Objects.requireNonNull(listener, "listener"), Runnable::run);
        synchronized (streamLock) {
            if (!streaming && !closed) {
                streaming = true;
                threads.execute(this::stream);
            }
        }
        return subscription;
    }

    /** @return true for the gateway the server runs or watches: its changes come on the event stream */
    @Override
    public boolean pushes(DrainTarget target) {
        return target instanceof DrainTarget.Own;
    }

    @Override
    public String where() {
        return base.toString();
    }

    @Override
    public void close() {
        closed = true;
        listeners.clear();
        HttpURLConnection open = stream.getAndSet(null);
        if (open != null) {
            open.disconnect(); // the reader's blocked read ends now
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return base.toString();
    }

    private static void target(Map<String, Object> body, DrainTarget target) {
        if (!target.scope().isEmpty()) {
            body.put("scope", target.scope());
        }
        if (target instanceof DrainTarget.Instance instance) {
            body.put("instance_id", instance.id());
        }
    }

    /** Reads the event stream, keeping its latest status and telling listeners; reconnects with a growing pause. */
    private void stream() {
        long pause = 500;
        while (!closed) {
            HttpURLConnection connection = null;
            try {
                connection = open("/api/gateway/events", STREAM_SILENCE);
                connection.setRequestProperty("Accept", "text/event-stream");
                stream.set(connection);
                if (closed) {
                    return;
                }
                if (connection.getResponseCode() == 200) {
                    pause = 500;
                    try (InputStream body = connection.getInputStream()) {
                        readEvents(body);
                    }
                }
            } catch (IOException e) {
                // Gone, not there yet, silent too long or closed: try again after the pause; waits look on their timer.
            } finally {
                streamed.set(null);
                if (connection != null) {
                    stream.compareAndSet(connection, null);
                    connection.disconnect();
                }
            }
            if (closed) {
                return;
            }
            listeners.fire(Runnable::run);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, RECONNECT_MAX.toMillis());
        }
    }

    private void readEvents(InputStream body) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
            if (line.isEmpty()) {
                event(name, data.toString());
                name = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                if (data.length() > MAX_ANSWER_BYTES) {
                    throw new IOException("an event larger than " + MAX_ANSWER_BYTES + " characters");
                }
            }
        }
    }

    private void event(String name, String data) {
        if (data.isEmpty()) {
            return;
        }
        if (name.equals("status")) {
            StringBuilder why = new StringBuilder();
            JsonText.parseObject(data, why).flatMap(ApiObjects::decodeStatus).ifPresent(streamed::set);
        }
        listeners.fire(Runnable::run);
    }

    /** @return a connection to {@code path} with the token, not yet sent; reads give up after {@code silence} */
    private HttpURLConnection open(String path, Duration silence) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) silence.toMillis());
        connection.setInstanceFollowRedirects(false); // the token goes to this server and nowhere else
        connection.setUseCaches(false);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        return connection;
    }

    private Answer get(String path) {
        return send("GET", path, null);
    }

    private Answer post(Map<String, Object> body) {
        return send("POST", "/api/gateway/drain", JsonText.write(body));
    }

    private Answer send(String method, String path, String json) {
        try {
            HttpURLConnection connection = open(path, TIMEOUT);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json");
            if (json != null) {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            byte[] bytes;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                bytes = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
            if (bytes.length > MAX_ANSWER_BYTES) {
                connection.disconnect();
                throw new DrainControlException(base + " answered more than " + MAX_ANSWER_BYTES / (1024 * 1024)
                        + " MiB; that is no answer of this API.");
            }
            StringBuilder why = new StringBuilder();
            Map<String, Object> body = JsonText.parseObject(new String(bytes, StandardCharsets.UTF_8), why)
                    .orElse(Map.of());
            return new Answer(status, body);
        } catch (IOException e) {
            throw new DrainControlException("Cannot reach " + base + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + ". Is the server running, and is the URL right?", e);
        }
    }

    /** A status code and a JSON object (empty when the body held none). */
    private record Answer(int status, Map<String, Object> body) {
        String error() {
            return body.get("error") instanceof String code ? code : "";
        }

        String describe() {
            Object detail = body.get("detail");
            return "the server answered " + status + (error().isEmpty() ? "" : " " + error())
                    + (detail instanceof String text ? ": " + text : "");
        }

        Map<String, Object> expectOk() {
            if (status != 200) {
                throw new DrainControlException(describe().replaceFirst("^the server", "The server"));
            }
            return body;
        }
    }
}
