package com.example.folder;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.Subscription;

/**
 * Looks at one file every poll interval and tells the subscribers when its bytes change,
 * whoever changed them (this process or another). Starts with the first subscriber; closing it
 * ends the notices. Thread-safe.
 */
final class FolderWatch<L> implements AutoCloseable {

    private final FolderFiles files;
    private final String name;
    private final Duration interval;
    private final java.util.function.Consumer<? super L> tell;
    private final ChangeFanout<L> subscribers = new ChangeFanout<>();
    private ScheduledExecutorService poller;
    private byte[] last;
    private boolean closed;

    FolderWatch(FolderFiles files, String name, Duration interval, java.util.function.Consumer<? super L> tell) {
        this.files = files;
        this.name = name;
        this.interval = interval;
        this.tell = tell;
    }

    synchronized Subscription add(L listener, Executor executor) {
        Subscription subscription = subscribers.add(listener, executor);
        if (poller == null && !closed) {
            last = files.fingerprint(name);
            poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("folder-watch-" + name));
            poller.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return subscription;
    }

    /** Tells the subscribers now: this handle wrote, so there is no need to wait for the next look. */
    void changed() {
        synchronized (this) {
            if (poller == null || closed) {
                return;
            }
            last = files.fingerprint(name);
        }
        subscribers.fire(tell);
    }

    private void look() {
        byte[] now = files.fingerprint(name);
        synchronized (this) {
            if (closed || FolderFiles.sameBytes(now, last)) {
                return;
            }
            last = now;
        }
        subscribers.fire(tell);
    }

    @Override
    public synchronized void close() {
        closed = true;
        subscribers.clear();
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
