package org.gatewaydrain.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.MutableClock;
import org.gatewaydrain.transport.memory.InMemoryDrainChannel;
import org.gatewaydrain.transport.memory.InMemoryStatusStore;

/**
 * A gateway over an in-memory channel and status store with a manual turn handler; closes by
 * shutting down. The fixture owns the time: one movable clock for the gateway and the channel,
 * which judges requests by the default maximum age, so no test depends on the day it runs.
 */
final class GatewayFixture implements AutoCloseable {

    /** Where the fixture's clock starts. Nothing compares it with the machine's clock. */
    static final Instant START = Instant.parse("2030-01-01T00:00:00.123456Z");

    /** Reconciles on pushed changes only (the tick is an hour away), so tests drive every step. */
    static final RuntimeSettings PUSH_ONLY = RuntimeSettings.DEFAULTS
            .withReconcileInterval(Duration.ofHours(1))
            .withDrainTimeout(Duration.ofSeconds(5))
            .withStatusHeartbeat(Duration.ofHours(1));

    /** Also reconciles on a 50 ms tick. */
    static final RuntimeSettings FAST_TICK = PUSH_ONLY.withReconcileInterval(Duration.ofMillis(50));

    final MutableClock clock = new MutableClock(START);
    final InMemoryDrainChannel channel = new InMemoryDrainChannel(Staleness.of(TransportSettings.DEFAULT_MAX_AGE, clock));
    final InMemoryStatusStore store = new InMemoryStatusStore();
    final ManualTurnHandler handler = new ManualTurnHandler();
    final Gateway gateway;

    GatewayFixture() {
        this(PUSH_ONLY);
    }

    GatewayFixture(RuntimeSettings settings) {
        this(settings, UnaryOperator.identity());
    }

    /** @param wrap what the gateway reads instead of the fixture's channel, made from it (a test's forwarding channel) */
    GatewayFixture(RuntimeSettings settings, UnaryOperator<DrainControlChannel> wrap) {
        this(settings, wrap, null);
    }

    /** A null handler takes the fixture's manual one. */
    GatewayFixture(RuntimeSettings settings, UnaryOperator<DrainControlChannel> wrap, TurnHandler handlerOverride) {
        this(settings, wrap, handlerOverride, Notifier.NONE, Duration.ofSeconds(5));
    }

    private GatewayFixture(RuntimeSettings settings, UnaryOperator<DrainControlChannel> wrap, TurnHandler handlerOverride,
            Notifier notifier, Duration noticeTimeout) {
        gateway = Gateway.builder()
                .channel(wrap.apply(channel))
                .statusStore(store)
                .turnHandler(handlerOverride == null ? handler : handlerOverride)
                .settings(settings)
                .instanceId("fixture-gw")
                .clock(clock)
                .notifier(notifier, noticeTimeout)
                .build();
    }

    /** @return a fixture whose gateway tells {@code notifier}, each call bounded by {@code timeout} */
    static GatewayFixture withNotifier(RuntimeSettings settings, Notifier notifier, Duration timeout) {
        return new GatewayFixture(settings, UnaryOperator.identity(), null, notifier, timeout);
    }

    /** @return a request by {@code principal}, written now by the fixture's clock */
    DrainRequest request(String principal) {
        return DrainRequest.of(principal, clock.instant()).withReason("maintenance");
    }

    /** @return the drain the status shows for {@link #request}, draining since now */
    RuntimeStatus.Drain drain(String principal) {
        return RuntimeStatus.Drain.of(request(principal), clock.instant());
    }

    /** @return the status last written to the store, once any publish still in its settle window is written */
    Optional<RuntimeStatus> lastPublished() {
        gateway.flushStatus();
        return store.read().published().map(StatusReading.Published::status);
    }

    /** @return how many statuses the gateway has written, once any in its settle window is written */
    long publishes() {
        gateway.flushStatus();
        return store.publishes();
    }

    @Override
    public void close() {
        gateway.shutdown(Duration.ZERO, "test over");
    }
}
