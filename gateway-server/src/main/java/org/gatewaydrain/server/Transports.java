package org.gatewaydrain.server;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.gatewaydrain.core.spi.DrainTransportProvider;

/** The transports on the classpath, found with {@link ServiceLoader}; the server names none of them. */
final class Transports {

    /** The transport used when none is configured. */
    static final String DEFAULT = "file";

    private Transports() {
    }

    /** @return every provider found, sorted by name */
    static List<DrainTransportProvider> found() {
        return ServiceLoader.load(DrainTransportProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(java.util.Comparator.comparing(DrainTransportProvider::name)).toList();
    }

    /**
     * @return the provider called {@code name}
     * @throws IllegalArgumentException listing the transports found when none is called that
     */
    static DrainTransportProvider named(String name) {
        List<DrainTransportProvider> all = found();
        return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "'" + name + "' is not a transport here; transports found on the classpath: "
                        + all.stream().map(DrainTransportProvider::name).collect(Collectors.joining(", "))));
    }

}
