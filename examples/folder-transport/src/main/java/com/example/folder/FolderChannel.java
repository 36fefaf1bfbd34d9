package com.example.folder;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.StaleRequestLog;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * The drain request as {@code request.json} in the folder, with the marker's field names
 * ({@link WireFormat}). One request per channel: no fleet. Thread-safe.
 */
final class FolderChannel implements DrainControlChannel {

    static final String REQUEST = "request.json";

    private final FolderFiles files;
    private final Staleness staleness;
    private final Clock clock;
    private final StaleRequestLog staleLog;
    private final FolderWatch<ChannelListener> watch;
    private volatile boolean closed;

    FolderChannel(FolderFiles files, TransportSettings settings, Duration poll) {
        this.files = files;
        this.staleness = Staleness.of(settings.maxAge(), settings.clock());
        this.clock = settings.clock();
        this.staleLog = new StaleRequestLog("the folder transport (" + files.folder() + ")");
        this.watch = new FolderWatch<>(files, REQUEST, poll, ChannelListener::channelChanged);
    }

    @Override
    public void request(DrainRequest request) {
        Objects.requireNonNull(request, "request");
        requireOpen();
        files.write(REQUEST, WireFormat.encodeRequest(request));
        watch.changed();
    }

    @Override
    public boolean cancel() {
        requireOpen();
        boolean wasThere = files.delete(REQUEST);
        watch.changed();
        return wasThere;
    }

    @Override
    public DrainSignal read() {
        FolderFiles.Content content = files.read(REQUEST);
        if (content instanceof FolderFiles.Content.FolderGone gone) {
            return new DrainSignal.Unknown(gone.why());
        }
        if (content instanceof FolderFiles.Content.Missing) {
            return DrainSignal.ABSENT;
        }
        if (content instanceof FolderFiles.Content.Corrupt corrupt) {
            return new DrainSignal.Unreadable("the request in " + files.folder() + " is unreadable: " + corrupt.why());
        }
        var fields = ((FolderFiles.Content.Fields) content).fields();
        return staleLog.note(WireFormat.decodeRequest(fields, clock.instant()).judge(staleness));
    }

    @Override
    public Subscription subscribe(ChannelListener listener, Executor executor) {
        requireOpen();
        return watch.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor"));
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
    }

    @Override
    public String toString() {
        return "the folder transport (" + files.folder() + ")";
    }

    private void requireOpen() {
        if (closed) {
            throw new DrainControlException("This folder transport handle is closed.");
        }
    }
}
