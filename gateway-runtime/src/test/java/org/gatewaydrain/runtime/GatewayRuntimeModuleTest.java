package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.transport.memory.MemoryTransportProvider;
import org.junit.jupiter.api.Test;

/** Callers with their own injector get the same gateway the builder makes. */
class GatewayRuntimeModuleTest {

    @Test
    void anInjectorWithTheModule_aTransportAndAHandler_providesAWorkingGateway() {
        String space = "module-" + UUID.randomUUID();
        TransportSettings settings = TransportSettings.builder().home(Path.of("unused"))
                .put(MemoryTransportProvider.SPACE, space).build();
        try (DrainTransport transport = new MemoryTransportProvider().open(settings);
                DrainTransport requester = new MemoryTransportProvider().open(settings)) {
            Injector injector = Guice.createInjector(
                    new GatewayRuntimeModule(RuntimeSettings.DEFAULTS, "injected-gw"),
                    GatewayRuntimeModule.transport(transport),
                    new AbstractModule() {
                        @Override
                        protected void configure() {
                            bind(TurnHandler.class).toInstance(event -> CompletableFuture.completedFuture("ok"));
                        }
                    });
            Gateway gateway = injector.getInstance(Gateway.class);
            assertThat(injector.getInstance(Gateway.class)).isSameAs(gateway);
            gateway.start();
            try {
                requester.channel().request(DrainRequest.of("ops", Instant.now()));

                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.status().state() == GatewayState.DRAINING);
                assertThat(gateway.status().instanceId()).isEqualTo("injected-gw");
            } finally {
                gateway.shutdown(Duration.ZERO, "test");
            }
        }
    }
}
