package org.gatewaydrain.core.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DurationText;
import org.gatewaydrain.core.GatewayDefaults;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.LocalHost;

/**
 * What a {@link DrainTransportProvider} is opened with: the values of the keys it owns (as
 * written, with where each came from, so messages can name the source) and the settings every
 * transport shares (home folder, maximum request age, status heartbeat, instance id, clock).
 * Immutable and thread-safe.
 */
public final class TransportSettings {

    /** {@code drain.max_age} when nothing else is configured ({@link GatewayDefaults#MAX_AGE}). */
    public static final Duration DEFAULT_MAX_AGE = GatewayDefaults.MAX_AGE;

    /** {@code status.heartbeat} when nothing else is configured ({@link GatewayDefaults#HEARTBEAT}). */
    public static final Duration DEFAULT_HEARTBEAT = GatewayDefaults.HEARTBEAT;

    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final Path home;
    private final Duration maxAge;
    private final Duration heartbeat;
    private final String instanceId;
    private final Clock clock;

    private TransportSettings(Builder builder) {
        this.values = Map.copyOf(builder.values);
        this.sources = Map.copyOf(builder.sources);
        this.home = Objects.requireNonNull(builder.home, "home");
        this.maxAge = builder.maxAge;
        this.heartbeat = builder.heartbeat;
        this.instanceId = builder.instanceId;
        this.clock = builder.clock;
    }

    /** @return a builder; only the home is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the gateway home folder (tokens live there; the file transport keeps its files there) */
    public Path home() {
        return home;
    }

    /** @return {@code drain.max_age}: how old an unrefreshed request may grow; zero = no limit */
    public Duration maxAge() {
        return maxAge;
    }

    /** @return {@code status.heartbeat}: the longest a live gateway goes without republishing */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** @return {@code instance_id}: this gateway's name among its peers */
    public String instanceId() {
        return instanceId;
    }

    /** @return the time source for staleness and heartbeats */
    public Clock clock() {
        return clock;
    }

    /** @return the value of an owned key as written, if set */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim);
    }

    /** @return where the value of {@code key} came from, e.g. "the environment variable GATEWAY_X" */
    public String source(String key) {
        return sources.getOrDefault(key, "the configuration");
    }

    /** @return the value of an owned key, or {@code fallback} */
    public String string(String key, String fallback) {
        return get(key).filter(v -> !v.isEmpty()).orElse(fallback);
    }

    /**
     * @return the duration an owned key holds ({@code 250ms}, {@code 30s}, …), or {@code fallback}
     * @throws DrainControlException naming the key and its source if it is not a duration
     */
    public Duration duration(String key, Duration fallback) {
        return get(key).filter(v -> !v.isEmpty()).map(value -> parse(key, value, DurationText::parse)).orElse(fallback);
    }

    /**
     * Parses an owned key's value with {@code parser}, turning its {@link IllegalArgumentException}
     * into a message that names the key.
     *
     * @throws DrainControlException naming the key, its source and what the parser said
     */
    public <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage());
        }
    }

    /**
     * @param key the key whose value is wrong
     * @param why what is wrong and how to fix it
     * @return the exception to throw: "Bad value for KEY from SOURCE: WHY"
     */
    public DrainControlException invalid(String key, String why) {
        return new DrainControlException("Bad value for " + key + " from " + source(key) + ": " + why);
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private Path home;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private String instanceId = InstanceId.fromHost(LocalHost.name());
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Sets an owned key's value and says where it came from. */
        public Builder put(String key, String value, String source) {
            values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            sources.put(key, Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Sets an owned key's value given in code. */
        public Builder put(String key, String value) {
            return put(key, value, "code");
        }

        public Builder home(Path folder) {
            this.home = Objects.requireNonNull(folder, "home");
            return this;
        }

        public Builder maxAge(Duration age) {
            if (age.isNegative()) {
                throw new DrainControlException("drain.max_age must be zero (no limit) or positive, was " + age);
            }
            this.maxAge = age;
            return this;
        }

        public Builder heartbeat(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new DrainControlException("status.heartbeat must be positive, was " + interval);
            }
            this.heartbeat = interval;
            return this;
        }

        /** @throws DrainControlException naming the key when {@code id} is not an instance id ({@link InstanceId}) */
        public Builder instanceId(String id) {
            try {
                this.instanceId = InstanceId.require(id);
            } catch (IllegalArgumentException e) {
                throw new DrainControlException("Bad value for instance_id: " + e.getMessage(), e);
            }
            return this;
        }

        public Builder clock(Clock source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /** @return the settings */
        public TransportSettings build() {
            return new TransportSettings(this);
        }
    }
}
