package org.gatewaydrain.runtime;

import java.time.Duration;
import java.time.Instant;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.gatewaydrain.transport.memory.InMemoryStatusStore;

/** A gateway over an in-memory channel and status store with a manual turn handler; closes by shutting down. */
final class GatewayFixture implements AutoCloseable {

    /** Reconciles on pushed changes only (the tick is an hour away), so tests drive every step. */
    static final RuntimeSettings PUSH_ONLY = RuntimeSettings.DEFAULTS
            .withReconcileInterval(Duration.ofHours(1))
            .withDrainTimeout(Duration.ofSeconds(5))
            .withStatusHeartbeat(Duration.ofHours(1));

    /** Also reconciles on a 50 ms tick. */
    static final RuntimeSettings FAST_TICK = PUSH_ONLY.withReconcileInterval(Duration.ofMillis(50));

    final InMemoryDrainChannel channel = new InMemoryDrainChannel();
    final InMemoryStatusStore store = new InMemoryStatusStore();
    final ManualTurnHandler handler = new ManualTurnHandler();
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
        gateway = Gateway.builder()
                .channel(channelOverride == null ? channel : channelOverride)
                .statusStore(store)
                .turnHandler(handlerOverride == null ? handler : handlerOverride)
                .settings(settings)
                .instanceId("fixture-gw")
                .build();
    }

    static DrainRequest request(String principal) {
        return DrainRequest.of(principal, Instant.now()).withReason("maintenance");
    }

    static RuntimeStatus.Drain drain(String principal) {
        return RuntimeStatus.Drain.of(request(principal), Instant.now());
    }

    /** @return the status last written to the store, once any publish still in its settle window is written */
    java.util.Optional<RuntimeStatus> lastPublished() {
        gateway.flushStatus();
        return store.read().published().map(org.gatewaydrain.core.StatusReading.Published::status);
    }

    @Override
    public void close() {
        gateway.shutdown(Duration.ZERO, "test over");
    }
}
