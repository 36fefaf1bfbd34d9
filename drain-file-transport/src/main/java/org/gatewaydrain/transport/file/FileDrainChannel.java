package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayHome;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * Opens the file-marker control channel: {@code <home>/.drain_request.json}.
 *
 * <pre>{@code
 * DrainControlChannel channel = FileDrainChannel.builder().home(home).build();
 * channel.request(DrainRequest.of("ops", Instant.now()).withReason("kernel patch"));
 * }</pre>
 */
public final class FileDrainChannel {

    /** The marker's file name, shared with the reference gateway. */
    public static final String MARKER_FILE = ".drain_request.json";

    /** How often the fallback poller looks when the OS cannot push changes. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    /** How long a read of the marker may take before it counts as unreadable. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private FileDrainChannel() {
    }

    /** @return a builder: 1 h max age, this boot's epoch compared by host, the system clock */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the channel's settings; not thread-safe, use it from one thread. */
    public static final class Builder {
        private Path home;
        private Duration maxAge = TransportSettings.DEFAULT_MAX_AGE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private String epoch = BootEpoch.current();
        private BootEpoch.Scope epochScope = BootEpoch.Scope.HOST;
        private Duration readTimeout = READ_TIMEOUT;
        private FileWatch.WatchServiceFactory watchServices = FileWatch.WatchServiceFactory.NATIVE;

        private Builder() {
        }

        /** @param folder the gateway home (required); created with mode 0700 if missing */
        public Builder home(Path folder) {
            this.home = Objects.requireNonNull(folder, "home");
            return this;
        }

        /** @param age how old a request may grow before it is stale ({@code drain.max_age}); zero = no limit */
        public Builder maxAge(Duration age) {
            this.maxAge = Objects.requireNonNull(age, "maxAge");
            return this;
        }

        /** @param interval how often to poll when the OS cannot push changes */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "pollInterval");
            return this;
        }

        /** @param source the time source for staleness checks */
        public Builder clock(Clock source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /** @param bootEpoch this side's epoch, stamped on requests and checked on reads; empty disables the check */
        public Builder epoch(String bootEpoch) {
            this.epoch = Objects.requireNonNull(bootEpoch, "epoch");
            return this;
        }

        /**
         * @param scope {@code drain.epoch_scope}: {@code host} (the default) compares the boot id
         *     only, {@code instance} the whole epoch as the reference gateway does
         * @throws IllegalArgumentException naming the choices
         */
        public Builder epochScope(String scope) {
            this.epochScope = BootEpoch.Scope.fromWireName(scope);
            return this;
        }

        Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        Builder watchServices(FileWatch.WatchServiceFactory factory) {
            this.watchServices = factory;
            return this;
        }

        /**
         * Creates the home folder if needed (mode 0700) and opens the channel.
         *
         * @return the channel; close it to stop its watcher
         * @throws DrainControlException if a setting is invalid or the home cannot be created
         */
        public DrainControlChannel build() {
            Objects.requireNonNull(home, "home");
            if (maxAge.isNegative()) {
                throw new DrainControlException("drain.max_age must be zero (no limit) or positive, was " + maxAge);
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new DrainControlException("The poll interval must be positive, was " + pollInterval);
            }
            Path marker = GatewayHome.prepare(home).resolve(MARKER_FILE);
            Staleness staleness = Staleness.of(maxAge, clock).withEpochCheck(BootEpoch.check(epoch, epochScope));
            return new FileDrainChannelImpl(marker, epoch,
                    new MarkerReader(marker, staleness, new BoundedRead(MarkerReader.MAX_BYTES, readTimeout)),
                    new FileWatch(marker, pollInterval, watchServices));
        }
    }
}
