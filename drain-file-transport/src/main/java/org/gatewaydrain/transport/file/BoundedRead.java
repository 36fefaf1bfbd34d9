package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.GatewayHome;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a small file that someone else may have replaced with anything: its type is checked
 * without following links, at most {@code maxBytes + 1} bytes are read, and the whole read runs
 * on a helper thread the caller waits for at most {@code timeout}. Java cannot open without
 * blocking, so a FIFO swapped in between the check and the open would block its reader
 * forever; the caller gets {@link Outcome.TimedOut} instead, and the helper is woken by
 * opening the FIFO read-write (which never blocks on Linux) so it does not stay stuck. Should
 * {@value #MAX_STUCK} helpers be stuck at once anyway (a device that never answers), reads
 * answer {@link Outcome.TimedOut} at once rather than strand more threads. Thread-safe.
 */
final class BoundedRead {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRead.class);
    private static final int MAX_STUCK = 4;
    private static final ThreadPoolExecutor READERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.named("drain-file-read-%d"));
    private static final AtomicInteger STUCK = new AtomicInteger();
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final int maxBytes;
    private final Duration timeout;
    private final Runnable betweenCheckAndOpen;

    BoundedRead(int maxBytes, Duration timeout) {
        this(maxBytes, timeout, () -> { });
    }

    /** @param betweenCheckAndOpen runs after the type check, before the open: a hook for tests of the swap race */
    BoundedRead(int maxBytes, Duration timeout, Runnable betweenCheckAndOpen) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.betweenCheckAndOpen = betweenCheckAndOpen;
    }

    /** @return how many helpers are still in a read their caller gave up on */
    static int stuckReaders() {
        return STUCK.get();
    }

    /** Reads {@code file}; blocks at most the timeout; never throws. */
    Outcome read(Path file) {
        if (STUCK.get() >= MAX_STUCK) {
            return new Outcome.TimedOut();
        }
        // RUNNING until the helper finishes (DONE) or its caller gives up on it (ABANDONED).
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<Outcome> read;
        try {
            read = READERS.submit(() -> {
                try {
                    return readNow(file);
                } finally {
                    if (!state.compareAndSet(RUNNING, DONE)) {
                        STUCK.decrementAndGet();
                    }
                }
            });
        } catch (RejectedExecutionException shutDown) {
            return new Outcome.TimedOut();
        }
        try {
            return read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!state.compareAndSet(RUNNING, ABANDONED)) {
                return awaitFinished(read);
            }
            STUCK.incrementAndGet();
            LOG.warn("Reading {} did not finish within {} ms; something other than a file may be there", file,
                    timeout.toMillis());
            wakeReaderBlockedOn(file);
            return new Outcome.TimedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.TimedOut();
        } catch (ExecutionException e) {
            return new Outcome.Failed(e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    /** The helper finished just as its caller timed out: its answer is there. */
    private static Outcome awaitFinished(Future<Outcome> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.TimedOut();
        } catch (ExecutionException e) {
            return new Outcome.Failed(e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    private Outcome readNow(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (!Files.isDirectory(file.getParent())) {
                return new Outcome.FolderGone(e instanceof NoSuchFileException ? "it does not exist" : GatewayHome.describe(e));
            }
            if (e instanceof NoSuchFileException) {
                return new Outcome.Missing();
            }
            throw e;
        }
        if (attributes.isSymbolicLink()) {
            return new Outcome.NotAFile("a symbolic link");
        }
        if (attributes.isDirectory()) {
            return new Outcome.NotAFile("a folder");
        }
        if (!attributes.isRegularFile()) {
            return new Outcome.NotAFile("not a regular file (a FIFO, socket or device)");
        }
        if (attributes.size() > maxBytes) {
            return new Outcome.TooLarge();
        }
        betweenCheckAndOpen.run();
        byte[] bytes;
        try (InputStream in = Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            return new Outcome.Missing();
        }
        return bytes.length > maxBytes ? new Outcome.TooLarge() : new Outcome.Bytes(bytes, attributes.lastModifiedTime().toInstant());
    }

    /** Opening a FIFO read-write counts as a writer, so a reader blocked in its open returns (and reads nothing). */
    private static void wakeReaderBlockedOn(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isOther()) {
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not wake the reader blocked on {}", file, e);
        }
    }

    /** What a bounded read found. */
    sealed interface Outcome {
        /** The file's bytes (at most the bound) and when it was last modified. */
        record Bytes(byte[] bytes, Instant modified) implements Outcome {
        }

        /** Nothing is at the path; its folder is there. */
        record Missing() implements Outcome {
        }

        /** The folder itself is gone or is no folder (an unmounted volume). */
        record FolderGone(String why) implements Outcome {
        }

        /** @param what what is at the path instead of a file */
        record NotAFile(String what) implements Outcome {
        }

        /** Larger than the bound. */
        record TooLarge() implements Outcome {
        }

        /** The read did not finish in time (or every helper is stuck). */
        record TimedOut() implements Outcome {
        }

        /** The read failed. */
        record Failed(IOException cause) implements Outcome {
        }
    }
}
