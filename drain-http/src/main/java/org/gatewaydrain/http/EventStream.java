package org.gatewaydrain.http;

import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's event stream. Telling it of a change never blocks: the stream only notes that
 * the status changed (a latest-state queue of one, so a slow reader skips to the newest
 * state), and a writer task on the shared writer pool renders the status as it is when it
 * writes; at most one write per stream is in flight, so a client that stops reading holds up
 * only its own writer. A failed write ends the stream. Thread-safe.
 */
final class EventStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final SseClient client;
    private final Executor writers;
    private final Supplier<Optional<String>> render;
    private final Runnable onClose;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean heartbeatDue;

    /**
     * @param render the status event's data as it is now; empty while there is no status to
     *     show (a control plane before any gateway published one), which sends nothing and
     *     keeps the stream open for the first status
     * @param onClose runs once when the stream ends (releases its slot)
     */
    EventStream(SseClient client, Executor writers, Supplier<Optional<String>> render, Runnable onClose) {
        this.client = client;
        this.writers = writers;
        this.render = render;
        this.onClose = onClose;
    }

    /** Notes that the status changed; the next write sends it as it is then. Never blocks. */
    void changed() {
        changed.set(true);
        schedule();
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
                if (changed.getAndSet(false)) {
                    Optional<String> status = render.get();
                    if (status.isPresent()) {
                        send("event: status\ndata: " + status.get() + "\n\n");
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
        if (changed.get() || heartbeatDue) {
            schedule();
        }
    }
}
