package org.gatewaydrain.transport.file;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's subscribers, each told on its own executor. A listener that throws, or an
 * executor that refuses, is logged and counted and the subscriber stays. Thread-safe.
 */
final class ChangeFanout {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFanout.class);

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();

    Subscription add(ChannelListener listener, Executor executor) {
        Subscriber subscriber = new Subscriber(listener, executor);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void clear() {
        subscribers.clear();
    }

    /** Tells every subscriber that the marker may have changed. */
    void fire() {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.executor().execute(() -> notify(subscriber.listener()));
            } catch (RuntimeException e) {
                // A refusing executor (RejectedExecutionException) lands here too.
                failures.incrementAndGet();
                LOG.warn("Notifying a drain channel subscriber failed; it stays subscribed", e);
            }
        }
    }

    /** @return how many notices failed */
    long failures() {
        return failures.get();
    }

    private void notify(ChannelListener listener) {
        try {
            listener.channelChanged();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("A drain channel listener threw; it stays subscribed", e);
        }
    }

    private record Subscriber(ChannelListener listener, Executor executor) {
    }
}
