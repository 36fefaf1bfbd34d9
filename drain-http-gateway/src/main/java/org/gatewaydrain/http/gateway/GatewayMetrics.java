package org.gatewaydrain.http.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.GatewayListener;
import org.gatewaydrain.runtime.MessageEvent;

/**
 * What only the gateway itself can count: {@code gateway_transitions_total{from,to}},
 * {@code gateway_turns_refused_total{state}}, {@code gateway_drain_to_quiesce_seconds},
 * {@code gateway_turn_duration_seconds} (a histogram of how long turns took, 10 ms to an hour) and
 * {@code gateway_drain_deadlines_total{action}}.
 * Called on the gateway's event thread.
 */
final class GatewayMetrics implements GatewayListener {

    private final MeterRegistry registry;
    private final Timer drainToQuiesce;
    private final Timer turnDuration;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.drainToQuiesce = Timer.builder("gateway.drain.to.quiesce")
                .description("Time from entering drain until no turn was in flight")
                .register(registry);
        this.turnDuration = Timer.builder("gateway.turn.duration")
                .description("How long turns took, from when the status first saw them until they were gone")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    @Override
    public void turnsEnded(List<Duration> durations) {
        durations.forEach(turnDuration::record);
    }

    @Override
    public void deadlinePassed(RuntimeStatus.DeadlinePassed passed) {
        Counter.builder("gateway.drain.deadlines").description("Drain deadlines that passed, by what the gateway did")
                .tag("action", passed.action().wireName()).register(registry).increment();
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
