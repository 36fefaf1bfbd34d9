package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.spi.DrainControlChannel;

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

    /** A request older than this is stale unless re-written ({@code drain.max_age}). */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

    /** How often the fallback poller looks when the OS cannot push changes. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private FileDrainChannel() {
    }

    /** @return a builder with the defaults: resolved home, 1 h max age, this boot's epoch */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the channel's settings; not thread-safe, use it from one thread. */
    public static final class Builder {
        private Path home;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private String epoch = BootEpoch.current();
        private MarkerWatch.WatchServiceFactory watchServices = MarkerWatch.WatchServiceFactory.NATIVE;

        private Builder() {
        }

        /** @param folder the gateway home; defaults to {@link GatewayHome#resolve} of the environment */
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

        /** @param bootEpoch this host boot's epoch, stamped on requests and checked on reads; empty disables the check */
        public Builder epoch(String bootEpoch) {
            this.epoch = Objects.requireNonNull(bootEpoch, "epoch");
            return this;
        }

        Builder watchServices(MarkerWatch.WatchServiceFactory factory) {
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
            if (maxAge.isNegative()) {
                throw new DrainControlException("drain.max_age must be zero (no limit) or positive, was " + maxAge);
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new DrainControlException("The poll interval must be positive, was " + pollInterval);
            }
            Path folder = GatewayHome.prepare(Optional.ofNullable(home)
                    .orElseGet(() -> GatewayHome.resolve(Optional.empty(), System.getenv())));
            Path marker = folder.resolve(MARKER_FILE);
            return new FileDrainChannelImpl(marker, epoch,
                    new MarkerReader(marker, new Staleness(epoch, maxAge, clock)),
                    new MarkerWatch(marker, pollInterval, watchServices));
        }
    }
}
