package org.gatewaydrain.http.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.GatewayListener;
import org.gatewaydrain.runtime.MessageEvent;

/**
 * What only the gateway itself can count: {@code gateway_transitions_total{from,to}},
 * {@code gateway_turns_refused_total{state}} and {@code gateway_drain_to_quiesce_seconds}.
 * Called on the gateway's event thread.
 */
final class GatewayMetrics implements GatewayListener {

    private final MeterRegistry registry;
    private final Timer drainToQuiesce;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.drainToQuiesce = Timer.builder("gateway.drain.to.quiesce")
                .description("Time from entering drain until no turn was in flight")
                .register(registry);
    }

    @Override
    public void stateChanged(GatewayState from, GatewayState to) {
        Counter.builder("gateway.transitions").description("State transitions")
                .tag("from", from.wireName()).tag("to", to.wireName()).register(registry).increment();
    }

    @Override
    public void turnRefused(MessageEvent event, Admission.Refused refusal) {
        Counter.builder("gateway.turns.refused").description("New turns refused by the admission gate")
                .tag("state", refusal.state().wireName()).register(registry).increment();
    }

    @Override
    public void quiesced(Duration sinceDrainStarted) {
        drainToQuiesce.record(sinceDrainStarted);
    }
}
