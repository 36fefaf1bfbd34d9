package org.gatewaydrain.runtime;

/**
 * Tells the gateway's users what is about to happen to them; the embedder sends the words on
 * (a chat message to the session, a post to the gateway's home channel). Called off the
 * admission path and off the gateway's event thread, one call at a time, each bounded by a
 * timeout: a notifier that throws is logged and counted, one that hangs is given up on, and
 * neither delays shutdown beyond {@code shutdown.drain_timeout}. Implementations need not be
 * thread-safe. Both methods do nothing by default.
 */
public interface Notifier {

    /** Notifies nobody. */
    Notifier NONE = new Notifier() {
    };

    /**
     * A session's turn is about to be interrupted: at shutdown, once {@code shutdown.drain_timeout}
     * has passed, or at a drain's {@code interrupt} deadline. Never suppressed.
     */
    default void sessionNotice(Notice.Session notice) {
    }

    /**
     * The gateway begins to stop with turns in flight; sent once. Skipped when the drain being
     * honoured asked for {@code suppress_notification}; a stale, unreadable or absent request
     * silences nothing.
     */
    default void broadcast(Notice.Broadcast notice) {
    }
}
