package org.gatewaydrain.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import java.time.Duration;
import java.time.Instant;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.testing.InMemoryDrainChannel;
import org.gatewaydrain.core.testing.InMemoryStatusStore;

/** A gateway over an in-memory channel and status store with a manual turn handler; closes by shutting down. */
final class GatewayFixture implements AutoCloseable {

    /** Reconciles on pushed changes only (the tick is an hour away), so tests drive every step. */
    static final RuntimeSettings PUSH_ONLY = RuntimeSettings.DEFAULTS
            .withReconcileInterval(Duration.ofHours(1))
            .withDrainTimeout(Duration.ofSeconds(5));

    /** Also reconciles on a 50 ms tick. */
    static final RuntimeSettings FAST_TICK = PUSH_ONLY.withReconcileInterval(Duration.ofMillis(50));

    final InMemoryDrainChannel channel = new InMemoryDrainChannel();
    final InMemoryStatusStore store = new InMemoryStatusStore();
    final ManualTurnHandler handler = new ManualTurnHandler();
    final Injector injector;
    final Gateway gateway;

    GatewayFixture() {
        this(PUSH_ONLY);
    }

    GatewayFixture(RuntimeSettings settings) {
        this(settings, null);
    }

    GatewayFixture(RuntimeSettings settings, DrainControlChannel channelOverride) {
        this(settings, channelOverride, null);
    }

    /** Null arguments take the fixture's own in-memory channel and manual handler. */
    GatewayFixture(RuntimeSettings settings, DrainControlChannel channelOverride, TurnHandler handlerOverride) {
        DrainControlChannel boundChannel = channelOverride == null ? channel : channelOverride;
        TurnHandler boundHandler = handlerOverride == null ? handler : handlerOverride;
        Module transport = new AbstractModule() {
            @Override
            protected void configure() {
                bind(DrainControlChannel.class).toInstance(boundChannel);
                bind(RuntimeStatusStore.class).toInstance(store);
                OptionalBinder.newOptionalBinder(binder(), TurnHandler.class).setBinding().toInstance(boundHandler);
            }
        };
        injector = Guice.createInjector(new GatewayRuntimeModule(settings), transport);
        gateway = injector.getInstance(Gateway.class);
    }

    static DrainRequest request(String principal) {
        return DrainRequest.of(principal, Instant.now()).withReason("maintenance");
    }

    static RuntimeStatus.Drain drain(String principal) {
        return RuntimeStatus.Drain.of(request(principal));
    }

    @Override
    public void close() {
        gateway.shutdown(Duration.ZERO, "test over");
    }
}
