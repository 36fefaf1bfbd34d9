package org.gatewaydrain.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;

/**
 * For callers with their own Guice injector: provides the {@link Gateway}, built with
 * {@link Gateway#builder()} from what the injector binds: a {@link DrainControlChannel} and a
 * {@link RuntimeStatusStore} (e.g. with {@link #transport(DrainTransport)}), a
 * {@link TurnHandler} and, optionally, a {@link Clock}. The gateway is not started.
 */
public final class GatewayRuntimeModule extends AbstractModule {

    private final RuntimeSettings settings;
    private final Optional<String> instanceId;

    /** @param settings the runtime's tunables; the instance id is the host name */
    public GatewayRuntimeModule(RuntimeSettings settings) {
        this(settings, Optional.empty());
    }

    /**
     * @param settings the runtime's tunables
     * @param instanceId the gateway's name among its peers
     */
    public GatewayRuntimeModule(RuntimeSettings settings, String instanceId) {
        this(settings, Optional.of(instanceId));
    }

    private GatewayRuntimeModule(RuntimeSettings settings, Optional<String> instanceId) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.instanceId = instanceId;
    }

    /** @return a module binding the transport's channel and status store */
    public static Module transport(DrainTransport transport) {
        return binder -> {
            binder.bind(DrainControlChannel.class).toInstance(transport.channel());
            binder.bind(RuntimeStatusStore.class).toInstance(transport.statusStore());
        };
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Clock.class).setDefault().toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    Gateway gateway(DrainControlChannel channel, RuntimeStatusStore statusStore, TurnHandler handler, Clock clock) {
        Gateway.Builder builder = Gateway.builder().channel(channel).statusStore(statusStore).turnHandler(handler)
                .settings(settings).clock(clock);
        instanceId.ifPresent(builder::instanceId);
        return builder.build();
    }
}
