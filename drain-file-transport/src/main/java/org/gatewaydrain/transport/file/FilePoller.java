package org.gatewaydrain.transport.file;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.io.filefilter.NameFileFilter;
import org.apache.commons.io.monitor.FileAlterationListenerAdaptor;
import org.apache.commons.io.monitor.FileAlterationMonitor;
import org.apache.commons.io.monitor.FileAlterationObserver;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net where the OS cannot push changes: Commons IO's monitor looks at the file
 * every poll interval and runs {@code onChange} when it appears, changes or goes (a folder in
 * its place counts too). Runs on its own daemon thread.
 */
final class FilePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FilePoller.class);

    private final FileAlterationMonitor monitor;

    private FilePoller(FileAlterationMonitor monitor) {
        this.monitor = monitor;
    }

    /** @return the running poller; if it cannot start, one that does nothing (logged as an error) */
    static FilePoller start(Path file, Duration interval, Runnable onChange) {
        try {
            FileAlterationObserver observer = FileAlterationObserver.builder()
                    .setFile(file.getParent().toFile())
                    .setFileFilter(new NameFileFilter(file.getFileName().toString()))
                    .get();
            observer.addListener(new FileAlterationListenerAdaptor() {
                @Override
                public void onFileCreate(File file) {
                    onChange.run();
                }

                @Override
                public void onFileChange(File file) {
                    onChange.run();
                }

                @Override
                public void onFileDelete(File file) {
                    onChange.run();
                }

                @Override
                public void onDirectoryCreate(File directory) {
                    onChange.run();
                }

                @Override
                public void onDirectoryDelete(File directory) {
                    onChange.run();
                }
            });
            FileAlterationMonitor monitor = new FileAlterationMonitor(interval.toMillis(), observer);
            monitor.setThreadFactory(DaemonThreads.named("drain-file-poll"));
            monitor.start();
            return new FilePoller(monitor);
        } catch (Exception e) {
            // Subscribers still have the runtime's own reconcile tick; say loudly that notices are gone.
            LOG.error("Cannot poll {} for changes; subscribers will not be told of them", file, e);
            return new FilePoller(null);
        }
    }

    @Override
    public void close() {
        if (monitor == null) {
            return;
        }
        try {
            monitor.stop(Math.max(1000, monitor.getInterval()));
        } catch (Exception e) {
            LOG.debug("Stopping the file poller failed", e);
        }
    }
}
