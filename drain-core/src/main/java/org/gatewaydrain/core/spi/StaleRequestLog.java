package org.gatewaydrain.core.spi;

import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a stale request once: one WARN per distinct request a channel reads as stale, however
 * often it is read. What it logs came from a marker or a node, so it is escaped. Thread-safe.
 */
public final class StaleRequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(StaleRequestLog.class);

    private final String where;
    private final AtomicReference<DrainRequest> lastLogged = new AtomicReference<>();

    /** @param where the channel, as the log line names it (e.g. the marker's path) */
    public StaleRequestLog(String where) {
        this.where = where;
    }

    /** Logs {@code signal} if it is a stale request not logged before; @return {@code signal} */
    public DrainSignal note(DrainSignal signal) {
        if (signal instanceof DrainSignal.Stale stale && !stale.request().equals(lastLogged.getAndSet(stale.request()))) {
            LOG.warn("Ignoring the drain request in {} by {} ({}): {}", SafeText.escape(where),
                    SafeText.escape(stale.request().principal()), stale.why().wireName(),
                    SafeText.escape(stale.detail()));
        }
        return signal;
    }
}
