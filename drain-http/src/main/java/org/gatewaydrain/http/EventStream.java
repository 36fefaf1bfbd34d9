package org.gatewaydrain.http;

import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's event stream, carrying one or more {@linkplain Feed feeds} ({@code status},
 * and {@code rollout} on a fleet). Telling it of a change never blocks: the stream only notes
 * that the feed changed (a latest-state queue of one per feed, so a slow reader skips to the
 * newest state), and a writer task on the shared writer pool renders the feed as it is when
 * it writes; at most one write per stream is in flight, so a client that stops reading holds
 * up only its own writer. A failed write ends the stream. Thread-safe.
 */
final class EventStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final SseClient client;
    private final Executor writers;
    private final List<Feed> feeds;
    private final Runnable onClose;
    private final AtomicBoolean[] changed;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean heartbeatDue;

    /**
     * One kind of event.
     *
     * @param name the event's name
     * @param render its data as it is now, compact JSON on one line; empty while there is
     *     nothing to show (a control plane before any gateway published a status), which sends
     *     nothing and keeps the stream open for the first change
     */
    record Feed(String name, Supplier<Optional<String>> render) {
    }

    /**
     * @param feeds what the stream carries; each is sent once at the start, then on every change
     * @param onClose runs once when the stream ends (releases its slot)
     */
    EventStream(SseClient client, Executor writers, List<Feed> feeds, Runnable onClose) {
        this.client = client;
        this.writers = writers;
        this.feeds = List.copyOf(feeds);
        this.onClose = onClose;
        this.changed = new AtomicBoolean[feeds.size()];
        for (int i = 0; i < changed.length; i++) {
            changed[i] = new AtomicBoolean(true);
        }
    }

    /** Notes that feed {@code index} changed; the next write sends it as it is then. Never blocks. */
    void changed(int index) {
        changed[index].set(true);
        schedule();
    }

    private boolean anyChanged() {
        for (AtomicBoolean flag : changed) {
            if (flag.get()) {
                return true;
            }
        }
        return false;
    }

    /** Queues a comment line, so a client that went away is found by the failed write. Never blocks. */
    void heartbeat() {
        heartbeatDue = true;
        schedule();
    }

    boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                onClose.run();
            } finally {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing an event stream failed", e);
                }
            }
        }
    }

    private void schedule() {
        if (!closed.get() && writing.compareAndSet(false, true)) {
            try {
                writers.execute(this::write);
            } catch (RejectedExecutionException stopping) {
                writing.set(false);
                close();
            }
        }
    }

    /**
     * Writes one whole frame with one write and one flush, straight to the response: Javalin's
     * emitter splits the data through readers and prints it piece by piece, which showed as a
     * fifth of a millisecond per event in the reaction benchmark. The status is compact JSON,
     * one line (a line break in a value is written as {@code \n}), so it is one data field.
     */
    private void send(String frame) throws IOException {
        OutputStream out = client.ctx().res().getOutputStream();
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void write() {
        try {
            while (!closed.get()) {
                int index = firstChanged();
                if (index >= 0) {
                    Feed feed = feeds.get(index);
                    Optional<String> data = feed.render().get();
                    if (data.isPresent()) {
                        send("event: " + feed.name() + "\ndata: " + data.get() + "\n\n");
                    }
                } else if (heartbeatDue) {
                    heartbeatDue = false;
                    send(": heartbeat\n\n");
                } else {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("An event stream failed while sending; ending it", e);
            close();
        } finally {
            writing.set(false);
        }
        // A change noted after the loop saw nothing, but before the flag was cleared, is sent now.
        if (anyChanged() || heartbeatDue) {
            schedule();
        }
    }

    /** @return the first feed whose change is due, its flag cleared; -1 when none is */
    private int firstChanged() {
        for (int i = 0; i < changed.length; i++) {
            if (changed[i].getAndSet(false)) {
                return i;
            }
        }
        return -1;
    }
}
