package org.gatewaydrain.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;

/** Binds the default transport: the marker file and status file in a gateway home. */
public final class FileTransportModule extends AbstractModule {

    private final Path home;
    private final Duration maxAge;

    /**
     * @param home the gateway home (created with mode 0700 if missing)
     * @param maxAge {@code drain.max_age}: how old a request may grow before it is stale; zero = no limit
     */
    public FileTransportModule(Path home, Duration maxAge) {
        this.home = Objects.requireNonNull(home, "home");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    @Provides
    @Singleton
    DrainControlChannel channel() {
        return FileDrainChannel.builder().home(home).maxAge(maxAge).build();
    }

    @Provides
    @Singleton
    RuntimeStatusStore statusStore() {
        return FileStatusStore.open(home);
    }
}
