package org.gatewaydrain.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.gatewaydrain.http.DrainHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server process: an HTTP server and what it serves. {@link #stop} is idempotent:
 * first {@code beforeHttpStops} runs (a gateway drains its in-flight turns while the API still
 * answers), then the HTTP server stops, then the rest closes. Knows no runtime type, so
 * {@code control-plane} loads none.
 */
final class GatewayServer {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final DrainHttpServer http;
    private final Consumer<String> beforeHttpStops;
    private final List<AutoCloseable> afterHttpStops;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * @param beforeHttpStops given the stop reason; runs first
     * @param afterHttpStops closed in order once the HTTP server has stopped
     */
    GatewayServer(DrainHttpServer http, Consumer<String> beforeHttpStops, List<AutoCloseable> afterHttpStops) {
        this.http = http;
        this.beforeHttpStops = beforeHttpStops;
        this.afterHttpStops = List.copyOf(afterHttpStops);
    }

    int port() {
        return http.port();
    }

    /** Stops once; later calls wait for the first to finish. Blocks up to the drain timeout and a little more. */
    void stop(String reason) {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            beforeHttpStops.accept(reason);
            http.close();
            for (AutoCloseable resource : afterHttpStops) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed", resource, e);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until {@link #stop} has finished. */
    void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes what was opened for a server that then failed to start, most recent first; never throws. */
    static void closeQuietly(AutoCloseable... opened) {
        for (int i = opened.length - 1; i >= 0; i--) {
            if (opened[i] == null) {
                continue;
            }
            try {
                opened[i].close();
            } catch (Exception e) {
                LOG.debug("Closing {} after a failed start failed", opened[i], e);
            }
        }
    }
}
