package org.gatewaydrain.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.GatewayListener;
import org.gatewaydrain.runtime.MessageEvent;

/**
 * The Prometheus metrics: {@code gateway_state{state}} (1 for the current state),
 * {@code gateway_active_turns}, {@code gateway_control_channel_degraded},
 * {@code gateway_turns_refused_total{state}}, {@code gateway_transitions_total{from,to}},
 * {@code gateway_drain_to_quiesce_seconds} and {@code gateway_control_requests_total{action}}.
 * Gauges read the status source at scrape time; the rest count what the gateway reports as a
 * listener. Thread-safe.
 */
final class DrainMetrics implements GatewayListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer drainToQuiesce;

    DrainMetrics(StatusSource source) {
        for (GatewayState state : GatewayState.values()) {
            Gauge.builder("gateway.state", source,
                            s -> s.current().map(status -> status.state() == state ? 1.0 : 0.0).orElse(0.0))
                    .description("1 for the gateway's current state, 0 for the others")
                    .tag("state", state.wireName())
                    .register(registry);
        }
        Gauge.builder("gateway.active.turns", source, s -> s.current().map(status -> status.activeAgents()).orElse(0))
                .description("Turns in flight")
                .register(registry);
        Gauge.builder("gateway.control.channel.degraded", source, s -> s.current()
                        .map(status -> status.controlChannel() == ChannelHealth.DEGRADED ? 1.0 : 0.0).orElse(0.0))
                .description("1 while the control channel cannot be read")
                .register(registry);
        drainToQuiesce = Timer.builder("gateway.drain.to.quiesce")
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

    void controlRequest(String action) {
        Counter.builder("gateway.control.requests").description("Accepted drain and cancel requests")
                .tag("action", action).register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
