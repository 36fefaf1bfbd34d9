package org.gatewaydrain.transport.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.spi.ChangeFanout;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribers when one file of a folder changes: the file (for the channel) or the
 * status file (for the store). Pushed by the OS file watcher (inotify on Linux) so a change is
 * heard within milliseconds; where no native watcher can be registered, or the watched folder
 * goes away, a Commons IO poller takes over at the poll interval. Started on the first
 * subscription, so writers (the CLI) start no thread. Thread-safe; a listener that throws is
 * logged, counted and stays subscribed.
 */
final class FileWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    private final Path file;
    private final Duration pollInterval;
    private final WatchServiceFactory watchServices;
    private final ChangeFanout<ChannelListener> fanout = new ChangeFanout<>();
    private final Object lifecycle = new Object();

    private boolean started;
    private boolean closed;
    private WatchService watchService;
    private FilePoller poller;

    /**
     * @param file the file to watch
     * @param pollInterval how often the fallback poller looks
     * @param watchServices opens the native watcher; throwing means push is not available
     */
    FileWatch(Path file, Duration pollInterval, WatchServiceFactory watchServices) {
        this.file = file;
        this.pollInterval = pollInterval;
        this.watchServices = watchServices;
    }

    Subscription subscribe(ChannelListener listener, Executor executor) {
        Subscription subscription = fanout.add(listener, executor);
        ensureStarted();
        return subscription;
    }

    /** @return whether changes are pushed by the OS rather than polled */
    boolean pushing() {
        synchronized (lifecycle) {
            return watchService != null;
        }
    }

    /** @return how many listener calls have thrown */
    long listenerFailures() {
        return fanout.failures();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            fanout.clear();
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
            service = watchServices.open(file.getParent());
            if (service.getClass().getName().contains("Polling")) {
                // The JDK polls every 10 s where the OS has no watcher (macOS): ours is faster.
                throw new IOException("the JDK has no native file watcher here");
            }
            file.getParent().register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            watchService = service;
            WatchService watched = service;
            DaemonThreads.start("drain-file-watch", () -> pushLoop(watched));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot watch {} for changes ({}); polling it every {} ms instead",
                    file.getParent(), e.getMessage(), pollInterval.toMillis());
            closeQuietly(service);
            return false;
        }
    }

    private void pushLoop(WatchService service) {
        Path name = file.getFileName();
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
            LOG.debug("Stopped watching {}", file);
        }
    }

    private void fallBackToPolling() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            LOG.warn("{} can no longer be watched (removed or remounted?); polling it every {} ms",
                    file.getParent(), pollInterval.toMillis());
            closeWatchService();
            startPolling();
        }
        fire();
    }

    private void fire() {
        fanout.fire(ChannelListener::channelChanged);
    }

    private void startPolling() {
        poller = FilePoller.start(file, pollInterval, this::fire);
    }

    private void closeWatchService() {
        closeQuietly(watchService);
        watchService = null;
    }

    private void stopPoller() {
        if (poller != null) {
            poller.close();
            poller = null;
        }
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

    /** Opens the native watcher for a folder; a seam so tests can take push away. */
    @FunctionalInterface
    interface WatchServiceFactory {
        WatchService open(Path folder) throws IOException;

        WatchServiceFactory NATIVE = folder -> folder.getFileSystem().newWatchService();
    }
}
