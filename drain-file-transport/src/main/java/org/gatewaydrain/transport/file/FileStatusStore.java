package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayHome;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * Opens the runtime-status file {@code <home>/gateway_state.json}.
 *
 * <p>Its publisher is live when its process is visible on this host (same pid, same start
 * time) and not stopped; when the process is not visible here (another pid namespace or
 * host sharing the folder), when its status was updated within {@value #HEARTBEAT_GRACE}
 * heartbeats.
 */
public final class FileStatusStore {

    /** The status file's name, shared with the reference gateway. */
    public static final String STATUS_FILE = "gateway_state.json";

    /** How many heartbeats a publisher not visible here may miss before it counts as gone. */
    public static final int HEARTBEAT_GRACE = 3;

    /** Larger status files are not parsed. */
    static final int MAX_BYTES = 64 * 1024;

    private FileStatusStore() {
    }

    /** @return a builder: the system clock, the default heartbeat */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param home the gateway home; created (mode 0700) if missing
     * @return the store, with the system clock and the default heartbeat
     * @throws DrainControlException if the home cannot be created
     */
    public static RuntimeStatusStore open(Path home) {
        return builder().home(home).build();
    }

    /** Collects the store's settings; not thread-safe. */
    public static final class Builder {
        private Path home;
        private Clock clock = Clock.systemUTC();
        private Duration heartbeat = TransportSettings.DEFAULT_HEARTBEAT;
        private Duration readTimeout = FileDrainChannel.READ_TIMEOUT;
        private Duration pollInterval = FileDrainChannel.DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        /** @param interval how often a subscriber's watch polls where the OS cannot push changes */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "pollInterval");
            return this;
        }

        /** @param folder the gateway home (required) */
        public Builder home(Path folder) {
            this.home = Objects.requireNonNull(folder, "home");
            return this;
        }

        /** @param source judges heartbeat freshness */
        public Builder clock(Clock source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /** @param interval {@code status.heartbeat}: the longest a live gateway goes without republishing */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = Objects.requireNonNull(interval, "heartbeat");
            return this;
        }

        Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * @return the store
         * @throws DrainControlException if the home cannot be created
         */
        public RuntimeStatusStore build() {
            Path file = GatewayHome.prepare(Objects.requireNonNull(home, "home")).resolve(STATUS_FILE);
            return new FileStatusStoreImpl(file, clock, heartbeat.multipliedBy(HEARTBEAT_GRACE),
                    new BoundedRead(MAX_BYTES, readTimeout), new FileWatch(file, pollInterval, FileWatch.WatchServiceFactory.NATIVE));
        }
    }
}
