package org.gatewaydrain.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;

/**
 * The Prometheus metrics of the control plane: {@code gateway_state{state}} (1 for the
 * current state), {@code gateway_active_turns}, {@code gateway_control_channel_degraded},
 * {@code gateway_status_live} and {@code gateway_control_requests_total{action}} (the status
 * endpoint adds {@code gateway_http_event_streams} and {@code gateway_http_long_polls}). Gauges
 * read the status source at scrape time. Extensions add their own meters to {@link #registry()}.
 * Thread-safe.
 */
final class DrainMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    DrainMetrics(StatusSource source) {
        for (GatewayState state : GatewayState.values()) {
            Gauge.builder("gateway.state", source, s -> status(s).map(st -> st.state() == state ? 1.0 : 0.0).orElse(0.0))
                    .description("1 for the gateway's current state, 0 for the others")
                    .tag("state", state.wireName())
                    .register(registry);
        }
        Gauge.builder("gateway.active.turns", source, s -> status(s).map(RuntimeStatus::activeTurns).orElse(0))
                .description("Turns in flight")
                .register(registry);
        Gauge.builder("gateway.control.channel.degraded", source, s -> status(s)
                        .map(st -> st.controlChannel() == ChannelHealth.DEGRADED ? 1.0 : 0.0).orElse(0.0))
                .description("1 while the control channel cannot be read")
                .register(registry);
        Gauge.builder("gateway.status.live", source, s -> s.read().published().map(p -> p.live() ? 1.0 : 0.0).orElse(0.0))
                .description("1 while the gateway publishing the status is alive")
                .register(registry);
    }

    /** @return the registry extensions add their meters to */
    MeterRegistry registry() {
        return registry;
    }

    void controlRequest(String action) {
        Counter.builder("gateway.control.requests").description("Drain and cancel requests accepted by this HTTP API")
                .tag("action", action).register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }

    private static Optional<RuntimeStatus> status(StatusSource source) {
        return source.read().published().map(StatusReading.Published::status);
    }
}
