package org.gatewaydrain.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires the runtime: the state machine and admission gate, the channel watcher and its
 * scheduler, the status publisher, the clock and the turn handler (the demo echo handler
 * unless another is bound with {@code OptionalBinder.newOptionalBinder(binder(),
 * TurnHandler.class).setBinding()}). Install a transport module beside it, e.g.
 * {@link FileTransportModule}.
 */
public final class GatewayRuntimeModule extends AbstractModule {

    /** The name of the watcher's single scheduler thread binding. */
    public static final String WATCHER_SCHEDULER = "drain-watcher";

    private final RuntimeSettings settings;

    /** @param settings the runtime's tunables */
    public GatewayRuntimeModule(RuntimeSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(RuntimeSettings.class).toInstance(settings);
        OptionalBinder.newOptionalBinder(binder(), Clock.class).setDefault().toInstance(Clock.systemUTC());
        OptionalBinder.newOptionalBinder(binder(), TurnHandler.class).setDefault().to(EchoTurnHandler.class);
        OptionalBinder.newOptionalBinder(binder(), ProcessIdentity.class).setDefault()
                .toInstance(ProcessIdentity.current());
        bind(TurnRegistry.class);
        bind(GatewayEvents.class);
        bind(AdmissionGate.class);
        bind(StatusPublisher.class);
        bind(DrainWatcher.class);
        bind(Gateway.class);
    }

    @Provides
    @Singleton
    @Named(WATCHER_SCHEDULER)
    ScheduledExecutorService watcherScheduler() {
        return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("drain-watcher"));
    }
}
