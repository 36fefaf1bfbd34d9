package org.gatewaydrain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.transport.file.FileDrainChannel;

/**
 * How fast a running {@code ./gateway run} announces a drain written by another process.
 * This process is the other one: it writes the marker as any requester does (temporary file,
 * fsync, then an atomic rename into the home, or a delete to cancel), notes the time just
 * before the rename or delete, and reads the gateway's event stream until the new state
 * arrives. Two series: back to back (the next change 5–25 ms after the last was seen), and
 * beside a watcher of the reference design, which reads the marker once a second and notes when
 * it sees each change; after both saw it, a random pause of up to its period puts the next
 * change at a random point of its cycle, so the machine idles between changes as it does
 * between real drains.
 */
final class ReactionHarness {

    /** The reference design's poll period. */
    static final Duration REFERENCE_PERIOD = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchSettings settings;
    private final boolean besideReference;
    private final int toggles;
    private final int warmUp;

    /**
     * @param besideReference whether to run the series beside the reference watcher too
     * @param toggles measured drains and cancels per run
     * @param warmUp unmeasured toggles before them (an even number), as JMH warms up: the
     *     first reports how a gateway that never drained before reacts
     */
    ReactionHarness(BenchSettings settings, boolean besideReference, int toggles, int warmUp) {
        if (warmUp % 2 != 0) {
            throw new IllegalArgumentException("the warm-up must end with the marker gone: an even number of toggles");
        }
        this.settings = settings;
        this.besideReference = besideReference;
        this.toggles = toggles;
        this.warmUp = warmUp;
    }

    void run(Report report) throws Exception {
        report.heading("Reaction: marker written by another process → state announced on the event stream ("
                + toggles + " toggles per run after " + warmUp + " unmeasured)");
        report.table("figure", "median over runs (lowest–highest run)", "target");
        Series backToBack = series(false);
        report.row("back to back (5–25 ms apart): p50, ms", Spread.of(backToBack.p50).format(3), "≤ 1 ms");
        report.row("back to back: p99, ms", Spread.of(backToBack.p99).format(3), "≤ 5 ms");
        report.row("back to back: max, ms", Spread.of(backToBack.max).format(3), "");
        report.row("first drain after start (cold), ms", Spread.of(backToBack.first).format(3), "");
        if (!besideReference) {
            return;
        }
        Series paced = series(true);
        report.row("beside the reference (0–1 s apart): p50, ms", Spread.of(paced.p50).format(3), "");
        report.row("beside the reference: p99, ms", Spread.of(paced.p99).format(3), "");
        report.row("beside the reference: max, ms", Spread.of(paced.max).format(3), "");
        report.row("reference 1 s poll p50, ms (same run)", Spread.of(paced.refP50).format(1), "");
        report.row("reference 1 s poll max, ms (same run)", Spread.of(paced.refMax).format(1), "");
        report.row("reference p50 ÷ event stream p50, same run", Spread.of(paced.ratio).format(0), "≥ 100");
    }

    /** One figure of each run of a series. */
    private static final class Series {
        final List<Double> p50 = new ArrayList<>();
        final List<Double> p99 = new ArrayList<>();
        final List<Double> max = new ArrayList<>();
        final List<Double> first = new ArrayList<>();
        final List<Double> refP50 = new ArrayList<>();
        final List<Double> refMax = new ArrayList<>();
        final List<Double> ratio = new ArrayList<>();
    }

    private Series series(boolean withReference) throws Exception {
        Series series = new Series();
        for (int run = 1; run <= settings.runs(); run++) {
            Result result = once(run, withReference);
            series.first.add(result.first().maxMs());
            series.p50.add(result.sse().percentileMs(50));
            series.p99.add(result.sse().percentileMs(99));
            series.max.add(result.sse().maxMs());
            if (withReference) {
                series.refP50.add(result.reference().percentileMs(50));
                series.refMax.add(result.reference().maxMs());
                series.ratio.add(result.reference().percentileMs(50) / result.sse().percentileMs(50));
            }
        }
        return series;
    }

    private record Result(Latencies sse, Latencies reference, Latencies first) {
    }

    /** A state the stream showed, and when it arrived here. */
    private record Seen(String state, long at) {
    }

    private Result once(int run, boolean reference) throws Exception {
        Path work = Files.createDirectories(settings.work().resolve("reaction"));
        Path home = Files.createTempDirectory(work, "home-");
        Path staging = Files.createTempDirectory(work, "staging-");
        Path marker = home.resolve(FileDrainChannel.MARKER_FILE);
        Latencies sse = new Latencies();
        Latencies polled = new Latencies();
        Latencies first = new Latencies();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "reference-poller");
            thread.setDaemon(true);
            return thread;
        });
        BlockingQueue<Seen> streamed = new LinkedBlockingQueue<>();
        BlockingQueue<Seen> referenceSaw = new LinkedBlockingQueue<>();
        try (LaunchedGateway gateway = LaunchedGateway.start(settings.launcher(), home, work.resolve((reference ? "paced-" : "back-to-back-") + run + ".log"), false);
                DrainControlChannel writer = FileDrainChannel.builder().home(staging).build();
                EventStream events = EventStream.open(gateway, streamed)) {
            events.await(streamed, "running");
            for (int i = 0; i < warmUp; i++) {
                Toggle toggle = toggle(i % 2 == 0, writer, staging, marker, streamed, events);
                if (i == 0) {
                    first.record(toggle.took());
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25));
            }
            if (reference) {
                boolean[] last = {false};
                poller.scheduleAtFixedRate(() -> {
                    boolean present = Files.exists(marker);
                    if (present != last[0]) {
                        last[0] = present;
                        referenceSaw.add(new Seen(present ? "draining" : "running", System.nanoTime()));
                    }
                }, 0, REFERENCE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (int i = 0; i < toggles; i++) {
                boolean drain = i % 2 == 0;
                String expected = drain ? "draining" : "running";
                Toggle toggle = toggle(drain, writer, staging, marker, streamed, events);
                sse.record(toggle.took());
                if (reference) {
                    Seen seen = referenceSaw.poll(REFERENCE_PERIOD.multipliedBy(5).toMillis(), TimeUnit.MILLISECONDS);
                    if (seen == null || !seen.state().equals(expected)) {
                        throw new IllegalStateException("The reference watcher did not see " + expected + " (saw " + seen + ")");
                    }
                    polled.record(seen.at() - toggle.written());
                    Thread.sleep(ThreadLocalRandom.current().nextLong(REFERENCE_PERIOD.toMillis()));
                } else {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25));
                }
            }
        } finally {
            poller.shutdownNow();
        }
        return new Result(sse, polled, first);
    }

    /**
     * Writes the marker (renamed in from the staging folder) or deletes it, and waits for the
     * event stream to show the new state.
     *
     * @return when the marker changed and when the event arrived
     */
    private static Toggle toggle(boolean drain, DrainControlChannel writer, Path staging, Path marker,
            BlockingQueue<Seen> streamed, EventStream events) throws IOException, InterruptedException {
        streamed.clear();
        long written;
        if (drain) {
            writer.request(DrainRequest.of("bench", Instant.now()).withReason("reaction benchmark"));
            written = System.nanoTime();
            Files.move(staging.resolve(FileDrainChannel.MARKER_FILE), marker, StandardCopyOption.ATOMIC_MOVE);
        } else {
            written = System.nanoTime();
            Files.delete(marker);
        }
        return new Toggle(written, events.await(streamed, drain ? "draining" : "running").at());
    }

    /** One change of the marker: when it was made and when the event stream showed it, in {@link System#nanoTime}. */
    private record Toggle(long written, long arrived) {
        long took() {
            return arrived - written;
        }
    }

    /**
     * The gateway's event stream, read on its own thread straight from the socket, as a lean
     * client such as {@code curl -N} reads it: an HTTP client library's own threads would add
     * their hand-offs to every figure. Each change of state is queued with its arrival time.
     */
    private static final class EventStream implements AutoCloseable {
        private final Socket socket;

        private EventStream(Socket socket) {
            this.socket = socket;
        }

        static EventStream open(LaunchedGateway gateway, BlockingQueue<Seen> into) throws IOException {
            URI uri = gateway.uri("/api/gateway/events");
            Socket socket = new Socket();
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), (int) WAIT.toMillis());
            socket.setTcpNoDelay(true);
            // The server sends a heartbeat every 15 s: a stream silent for a minute is dead, not slow.
            socket.setSoTimeout((int) java.time.Duration.ofMinutes(1).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: Bearer " + LaunchedGateway.TOKEN + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.startsWith("HTTP/1.1 200")) {
                socket.close();
                throw new IllegalStateException("The event stream answered " + status);
            }
            Thread reader = new Thread(() -> {
                try {
                    // Chunk sizes and headers are lines of their own; only the data lines matter.
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("data:")) {
                            long at = System.nanoTime();
                            into.add(new Seen(state(line), at));
                        }
                    }
                } catch (IOException ended) {
                    // The stream ends when the gateway stops or the harness closes it.
                }
            }, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
            return new EventStream(socket);
        }

        private static String state(String line) {
            try {
                JsonNode event = JSON.readTree(line.substring("data:".length()).trim());
                return event.path("gateway_state").asText();
            } catch (IOException e) {
                throw new IllegalStateException("An event is not JSON: " + line, e);
            }
        }

        Seen await(BlockingQueue<Seen> from, String state) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                Seen seen = from.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (seen == null) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "The event stream did not show %s within %s", state, WAIT));
                }
                if (seen.state().equals(state)) {
                    return seen;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
