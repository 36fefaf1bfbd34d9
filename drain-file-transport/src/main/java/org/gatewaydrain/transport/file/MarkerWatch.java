package org.gatewaydrain.transport.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.File;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.filefilter.NameFileFilter;
import org.apache.commons.io.monitor.FileAlterationListenerAdaptor;
import org.apache.commons.io.monitor.FileAlterationMonitor;
import org.apache.commons.io.monitor.FileAlterationObserver;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribers when the marker changes. Pushed by the OS file watcher (inotify on
 * Linux) so a change is heard within milliseconds; where no native watcher can be
 * registered, or the watched folder goes away, a Commons IO poller takes over at the poll
 * interval. Started on the first subscription, so writers (the CLI) start no thread.
 * Thread-safe; a listener that throws is logged, counted and stays subscribed.
 */
final class MarkerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarkerWatch.class);

    private final Path marker;
    private final Duration pollInterval;
    private final WatchServiceFactory watchServices;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final Object lifecycle = new Object();

    private boolean started;
    private boolean closed;
    private WatchService watchService;
    private FileAlterationMonitor poller;

    /**
     * @param marker the file to watch
     * @param pollInterval how often the fallback poller looks
     * @param watchServices opens the native watcher; throwing means push is not available
     */
    MarkerWatch(Path marker, Duration pollInterval, WatchServiceFactory watchServices) {
        this.marker = marker;
        this.pollInterval = pollInterval;
        this.watchServices = watchServices;
    }

    Subscription subscribe(ChannelListener listener, Executor executor) {
        Subscriber subscriber = new Subscriber(listener, executor);
        subscribers.add(subscriber);
        ensureStarted();
        return () -> subscribers.remove(subscriber);
    }

    /** @return whether changes are pushed by the OS rather than polled */
    boolean pushing() {
        synchronized (lifecycle) {
            return watchService != null;
        }
    }

    /** @return how many listener calls have thrown */
    long listenerFailures() {
        return listenerFailures.get();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            subscribers.clear();
            closeWatchService();
            stopPoller();
        }
    }

    private void ensureStarted() {
        synchronized (lifecycle) {
            if (started || closed) {
                return;
            }
            started = true;
            if (!startPush()) {
                startPolling();
            }
        }
    }

    private boolean startPush() {
        WatchService service = null;
        try {
            service = watchServices.open(marker.getParent());
            if (service.getClass().getName().contains("Polling")) {
                // The JDK polls every 10 s where the OS has no watcher (macOS): ours is faster.
                throw new IOException("the JDK has no native file watcher here");
            }
            marker.getParent().register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            watchService = service;
            WatchService watched = service;
            Thread thread = new Thread(() -> pushLoop(watched), "drain-marker-watch");
            thread.setDaemon(true);
            thread.start();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot watch {} for changes ({}); polling it every {} ms instead",
                    marker.getParent(), e.getMessage(), pollInterval.toMillis());
            closeQuietly(service);
            return false;
        }
    }

    private void pushLoop(WatchService service) {
        Path name = marker.getFileName();
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    relevant |= event.kind() == OVERFLOW || name.equals(event.context());
                }
                boolean stillValid = key.reset();
                if (relevant) {
                    fire();
                }
                if (!stillValid) {
                    fallBackToPolling();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            LOG.debug("Stopped watching {}", marker);
        }
    }

    private void fallBackToPolling() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            LOG.warn("{} can no longer be watched (removed or remounted?); polling it every {} ms",
                    marker.getParent(), pollInterval.toMillis());
            closeWatchService();
            startPolling();
        }
        fire();
    }

    private void startPolling() {
        try {
            FileAlterationObserver observer = FileAlterationObserver.builder()
                    .setFile(marker.getParent().toFile())
                    .setFileFilter(new NameFileFilter(marker.getFileName().toString()))
                    .get();
            observer.addListener(new FileAlterationListenerAdaptor() {
                @Override
                public void onFileCreate(File file) {
                    fire();
                }

                @Override
                public void onFileChange(File file) {
                    fire();
                }

                @Override
                public void onFileDelete(File file) {
                    fire();
                }

                @Override
                public void onDirectoryCreate(File directory) {
                    fire();
                }

                @Override
                public void onDirectoryDelete(File directory) {
                    fire();
                }
            });
            poller = new FileAlterationMonitor(pollInterval.toMillis(), observer);
            poller.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, "drain-marker-poll");
                thread.setDaemon(true);
                return thread;
            });
            poller.start();
        } catch (Exception e) {
            // Subscribers still have the runtime's own reconcile tick; say loudly that push is gone.
            LOG.error("Cannot poll {} for changes; subscribers will not be told of them", marker, e);
        }
    }

    private void fire() {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.executor().execute(() -> notify(subscriber.listener()));
            } catch (RejectedExecutionException e) {
                LOG.warn("A drain channel subscriber's executor refused the change notice", e);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
                LOG.warn("Notifying a drain channel subscriber failed; it stays subscribed", e);
            }
        }
    }

    private void notify(ChannelListener listener) {
        try {
            listener.channelChanged();
        } catch (RuntimeException e) {
            listenerFailures.incrementAndGet();
            LOG.warn("A drain channel listener threw; it stays subscribed", e);
        }
    }

    private void closeWatchService() {
        closeQuietly(watchService);
        watchService = null;
    }

    private void stopPoller() {
        if (poller == null) {
            return;
        }
        try {
            poller.stop(Math.max(1000, pollInterval.toMillis()));
        } catch (Exception e) {
            LOG.debug("Stopping the poller of {} failed", marker, e);
        }
        poller = null;
    }

    private static void closeQuietly(WatchService service) {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("Closing a watch service failed", e);
        }
    }

    private record Subscriber(ChannelListener listener, Executor executor) {
    }

    /** Opens the native watcher for a folder; a seam so tests can take push away. */
    @FunctionalInterface
    interface WatchServiceFactory {
        WatchService open(Path folder) throws IOException;

        WatchServiceFactory NATIVE = folder -> folder.getFileSystem().newWatchService();
    }
}
