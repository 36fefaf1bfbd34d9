package org.gatewaydrain.core.spi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners, each told on its own executor: what {@link DrainControlChannel#subscribe}
 * promises, and the listener list of anything else that fans news out. A listener that
 * throws, or an executor that refuses, is logged and counted and the listener stays. A closed
 * subscription is told nothing more, not even a notice already handed to its executor.
 * Thread-safe.
 *
 * @param <L> the listener type
 */
public final class ChangeFanout<L> {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFanout.class);

    private final List<Subscriber<L>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param listener what to tell
     * @param executor where to run it ({@code Runnable::run} for the firing thread)
     * @return the handle that stops the notices
     */
    public Subscription add(L listener, Executor executor) {
        Subscriber<L> subscriber = new Subscriber<>(listener, executor);
        subscribers.add(subscriber);
        return () -> {
            subscriber.active = false;
            subscribers.remove(subscriber);
        };
    }

    /** Tells every listener, each on its executor; returns without waiting for them. */
    public void fire(Consumer<? super L> call) {
        for (Subscriber<L> subscriber : subscribers) {
            try {
                subscriber.executor.execute(() -> notify(subscriber, call));
            } catch (RuntimeException e) {
                // A refusing executor (RejectedExecutionException) lands here too.
                failures.incrementAndGet();
                LOG.warn("Notifying a listener failed; it stays subscribed", e);
            }
        }
    }

    /** Removes every listener; they hear nothing more. */
    public void clear() {
        subscribers.forEach(subscriber -> subscriber.active = false);
        subscribers.clear();
    }

    /** @return whether nobody listens */
    public boolean isEmpty() {
        return subscribers.isEmpty();
    }

    /** @return how many notices failed, listener exceptions and refusing executors together */
    public long failures() {
        return failures.get();
    }

    private void notify(Subscriber<L> subscriber, Consumer<? super L> call) {
        if (!subscriber.active) {
            return;
        }
        try {
            call.accept(subscriber.listener);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("A listener threw; it stays subscribed", e);
        }
    }

    private static final class Subscriber<L> {
        final L listener;
        final Executor executor;
        volatile boolean active = true;

        Subscriber(L listener, Executor executor) {
            this.listener = listener;
            this.executor = executor;
        }
    }
}
