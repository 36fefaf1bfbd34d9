package org.gatewaydrain.transport.file;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * The {@code file} transport, the default: a marker file and a status file in the gateway
 * home, shared by every process that can see the folder.
 */
public final class FileTransportProvider implements DrainTransportProvider {

    /** The key choosing how much of two epochs must match. */
    public static final String EPOCH_SCOPE = "drain.epoch_scope";

    /** The key setting the fallback poll interval. */
    public static final String POLL_INTERVAL = "file.poll_interval";

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(EPOCH_SCOPE, "host (default): honour drains written on this host boot from any container;"
                + " instance: only from this container, as the reference gateway");
        keys.put(POLL_INTERVAL, "how often to look for changes where the OS cannot push them (default 250ms)");
        return keys;
    }

    @Override
    public void validate(TransportSettings settings) {
        settings.get(EPOCH_SCOPE).ifPresent(scope -> settings.parse(EPOCH_SCOPE, scope, BootEpoch.Scope::fromWireName));
        Duration poll = settings.duration(POLL_INTERVAL, FileDrainChannel.DEFAULT_POLL_INTERVAL);
        if (poll.isZero()) {
            throw settings.invalid(POLL_INTERVAL, "it must be longer than zero");
        }
    }

    @Override
    public DrainTransport open(TransportSettings settings) {
        validate(settings);
        DrainControlChannel channel = FileDrainChannel.builder()
                .home(settings.home())
                .maxAge(settings.maxAge())
                .clock(settings.clock())
                .epochScope(settings.string(EPOCH_SCOPE, BootEpoch.Scope.HOST.wireName()))
                .pollInterval(settings.duration(POLL_INTERVAL, FileDrainChannel.DEFAULT_POLL_INTERVAL))
                .build();
        return DrainTransport.of(channel, FileStatusStore.builder().home(settings.home()).clock(settings.clock())
                .heartbeat(settings.heartbeat())
                .pollInterval(settings.duration(POLL_INTERVAL, FileDrainChannel.DEFAULT_POLL_INTERVAL)).build());
    }
}
