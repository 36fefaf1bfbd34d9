package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The marker-file channel; see {@link FileDrainChannel}. Thread-safe. */
final class FileDrainChannelImpl implements DrainControlChannel {

    private static final Logger LOG = LoggerFactory.getLogger(FileDrainChannelImpl.class);

    private final Path marker;
    private final String epoch;
    private final MarkerReader reader;
    private final MarkerWatch watch;
    private final AtomicReference<DrainRequest> lastStaleLogged = new AtomicReference<>();

    FileDrainChannelImpl(Path marker, String epoch, MarkerReader reader, MarkerWatch watch) {
        this.marker = marker;
        this.epoch = epoch;
        this.reader = reader;
        this.watch = watch;
    }

    /** Stamps this boot's epoch on a request that carries none, then replaces the marker atomically. */
    @Override
    public void request(DrainRequest request) {
        Objects.requireNonNull(request, "request");
        DrainRequest stamped = request.epoch().isEmpty() ? request.withEpoch(epoch) : request;
        AtomicFiles.replace(marker, MarkerCodec.encode(stamped));
    }

    @Override
    public boolean cancel() {
        return AtomicFiles.remove(marker);
    }

    @Override
    public DrainSignal read() {
        DrainSignal signal = reader.read();
        if (signal instanceof DrainSignal.Stale stale
                && !stale.request().equals(lastStaleLogged.getAndSet(stale.request()))) {
            LOG.warn("Ignoring the drain request in {} by {}: {}", marker, stale.request().principal(), stale.why());
        }
        return signal;
    }

    @Override
    public Subscription subscribe(ChannelListener listener, Executor executor) {
        return watch.subscribe(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor"));
    }

    @Override
    public void close() {
        watch.close();
    }

    /** @return the watcher, for tests that check how changes are heard */
    MarkerWatch watch() {
        return watch;
    }

    @Override
    public String toString() {
        return "file channel " + marker;
    }
}
