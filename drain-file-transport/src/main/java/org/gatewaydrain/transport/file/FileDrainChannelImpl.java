package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.StaleRequestLog;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.WireFormat;

/** The marker-file channel; see {@link FileDrainChannel}. Thread-safe. */
final class FileDrainChannelImpl implements DrainControlChannel {

    private final Path marker;
    private final String epoch;
    private final MarkerReader reader;
    private final FileWatch watch;
    private final StaleRequestLog staleLog;

    FileDrainChannelImpl(Path marker, String epoch, MarkerReader reader, FileWatch watch) {
        this.marker = marker;
        this.epoch = epoch;
        this.reader = reader;
        this.watch = watch;
        this.staleLog = new StaleRequestLog(marker.toString());
    }

    /** Stamps this side's epoch on a request that carries none, then replaces the marker atomically. */
    @Override
    public void request(DrainRequest request) {
        Objects.requireNonNull(request, "request");
        DrainRequest stamped = request.epoch().isEmpty() ? request.withEpoch(epoch) : request;
        AtomicFiles.replace(marker, JsonCodec.encode(WireFormat.encodeRequest(stamped)));
    }

    @Override
    public boolean cancel() {
        return AtomicFiles.remove(marker);
    }

    @Override
    public DrainSignal read() {
        return staleLog.note(reader.read());
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
    FileWatch watch() {
        return watch;
    }

    @Override
    public String toString() {
        return "file channel " + marker;
    }
}
