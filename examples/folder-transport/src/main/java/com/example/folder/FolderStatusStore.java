package com.example.folder;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.Subscription;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * The gateway's status as {@code status.json} in the folder. Liveness is the heartbeat's: a
 * status is live while it says neither {@code stopped} nor is older than three heartbeats, so
 * a publisher that goes away without a word reads not live soon after. Thread-safe.
 */
final class FolderStatusStore implements RuntimeStatusStore {

    static final String STATUS = "status.json";

    private final FolderFiles files;
    private final Clock clock;
    private final Duration silence;
    private final FolderWatch<Runnable> watch;
    private volatile boolean closed;

    FolderStatusStore(FolderFiles files, TransportSettings settings, Duration poll) {
        this.files = files;
        this.clock = settings.clock();
        this.silence = settings.heartbeat().multipliedBy(3);
        this.watch = new FolderWatch<>(files, STATUS, poll, Runnable::run);
    }

    @Override
    public void publish(RuntimeStatus status) {
        Objects.requireNonNull(status, "status");
        if (closed) {
            throw new DrainControlException("This folder transport handle is closed.");
        }
        files.write(STATUS, WireFormat.encodeStatus(status));
        watch.changed();
    }

    @Override
    public StatusReading read() {
        FolderFiles.Content content = files.read(STATUS);
        if (content instanceof FolderFiles.Content.FolderGone gone) {
            return new StatusReading.Unknown(gone.why());
        }
        if (content instanceof FolderFiles.Content.Missing) {
            return StatusReading.ABSENT;
        }
        if (content instanceof FolderFiles.Content.Corrupt corrupt) {
            return new StatusReading.Unknown("the status in " + files.folder() + " is unreadable: " + corrupt.why());
        }
        Optional<RuntimeStatus> status = WireFormat.decodeStatus(((FolderFiles.Content.Fields) content).fields());
        if (status.isEmpty()) {
            return new StatusReading.Unknown("the status in " + files.folder() + " is not a status");
        }
        boolean live = status.get().state() != GatewayState.STOPPED
                && clock.instant().isBefore(status.get().updatedAt().plus(silence));
        return new StatusReading.Published(status.get(), live);
    }

    @Override
    public Optional<Subscription> subscribe(Runnable listener, Executor executor) {
        return Optional.of(watch.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor")));
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
    }
}
