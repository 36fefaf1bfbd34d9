package org.gatewaydrain.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.gatewaydrain.client.StatusFeed;
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

    private final MeterRegistry registry;

    /** @param given the embedder's registry; without one the routes keep a Prometheus registry of their own */
    DrainMetrics(StatusFeed source, Optional<MeterRegistry> given) {
        this.registry = given.orElseGet(() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
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
        Gauge.builder("gateway.status.live", source, s -> s.status().published().map(p -> p.live() ? 1.0 : 0.0).orElse(0.0))
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

    /**
     * @return what {@code GET /metrics} answers: the Prometheus text of the registry, or of the
     *     Prometheus registry inside a composite one; empty when there is none to scrape (an
     *     embedder who brought another kind of registry exposes it their own way)
     */
    Optional<Supplier<String>> scraper() {
        return prometheus(registry).map(prometheus -> prometheus::scrape);
    }

    private static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return Optional.of(prometheus);
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            return composite.getRegistries().stream().map(DrainMetrics::prometheus).flatMap(Optional::stream).findFirst();
        }
        return Optional.empty();
    }

    private static Optional<RuntimeStatus> status(StatusFeed source) {
        return source.status().published().map(StatusReading.Published::status);
    }
}
