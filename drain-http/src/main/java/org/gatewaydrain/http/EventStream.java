package org.gatewaydrain.http;

import io.javalin.http.sse.SseClient;
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
    private final Supplier<String> render;
    private final Runnable onClose;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean heartbeatDue;

    /**
     * @param render the status event's data as it is now
     * @param onClose runs once when the stream ends (releases its slot)
     */
    EventStream(SseClient client, Executor writers, Supplier<String> render, Runnable onClose) {
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

    private void write() {
        try {
            while (!closed.get()) {
                if (changed.getAndSet(false)) {
                    client.sendEvent("status", render.get());
                } else if (heartbeatDue) {
                    heartbeatDue = false;
                    client.sendComment("heartbeat");
                } else {
                    break;
                }
                if (client.terminated()) {
                    close();
                }
            }
        } catch (RuntimeException e) {
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
