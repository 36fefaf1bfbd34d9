package org.gatewaydrain.client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.MessageEvent;
import org.gatewaydrain.runtime.RuntimeSettings;
import org.gatewaydrain.tck.MutableClock;
import org.gatewaydrain.transport.memory.MemoryTransportProvider;

/**
 * Real gateways on one memory space, each an instance of the fleet, whose turns last until the
 * test ends them; and requesters on the same space. One movable clock for all of it. Closes
 * everything it opened.
 */
final class FleetFixture implements AutoCloseable {

    /** Watches look every 10 ms without being told, so a moved clock is seen at once. */
    static final StatusWatch.Pace PACE = new StatusWatch.Pace(Duration.ofMillis(10), Duration.ofMillis(50));

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final String space = "client-" + UUID.randomUUID();
    private final MemoryTransportProvider provider = new MemoryTransportProvider();
    private final Map<String, Gateway> gateways = new LinkedHashMap<>();
    private final Map<String, DrainTransport> gatewayTransports = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<String>> turns = new ConcurrentHashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Starts {@code ids} as gateways of the fleet (none: the test starts them). */
    FleetFixture(String... ids) {
        for (String id : ids) {
            start(id);
        }
    }

    DrainTransport open(String instanceId) {
        return open(instanceId, TransportSettings.DEFAULT_MAX_AGE, clock);
    }

    /** @return a handle as {@code instanceId} judging requests by {@code maxAge} on {@code time} */
    DrainTransport open(String instanceId, Duration maxAge, java.time.Clock time) {
        DrainTransport transport = provider.open(TransportSettings.builder().home(Path.of("unused"))
                .put(MemoryTransportProvider.SPACE, space).clock(time).maxAge(maxAge).instanceId(instanceId).build());
        opened.add(transport);
        return transport;
    }

    /** Starts gateway {@code id}; its turns end when the test says. */
    Gateway start(String id) {
        return start(id, TransportSettings.DEFAULT_MAX_AGE, java.util.function.UnaryOperator.identity());
    }

    /**
     * Starts gateway {@code id} judging requests by {@code maxAge}, reading its channel through
     * {@code wrap} (a test's fault: a read that waits, say).
     */
    Gateway start(String id, Duration maxAge,
            java.util.function.UnaryOperator<org.gatewaydrain.core.spi.DrainControlChannel> wrap) {
        DrainTransport transport = open(id, maxAge, clock);
        Gateway gateway = Gateway.builder().channel(wrap.apply(transport.channel())).statusStore(transport.statusStore())
                .instanceId(id).clock(clock)
                .settings(RuntimeSettings.DEFAULTS.withDrainTimeout(Duration.ofMillis(100)))
                .turnHandler(event -> turns.computeIfAbsent(id + "/" + event.session(), key -> new CompletableFuture<>()))
                .start();
        gateways.put(id, gateway);
        gatewayTransports.put(id, transport);
        return gateway;
    }

    Gateway gateway(String id) {
        return gateways.get(id);
    }

    /** Starts a turn of {@code session} on gateway {@code id}, to last until {@link #finish}. */
    void turn(String id, String session) {
        Admission admission = gateways.get(id).handle(MessageEvent.external(session, "work"));
        if (!(admission instanceof Admission.Accepted)) {
            throw new IllegalStateException(id + " did not admit a turn: " + admission);
        }
    }

    void finish(String id, String session) {
        turns.computeIfAbsent(id + "/" + session, key -> new CompletableFuture<>()).complete("done");
    }

    /** Stops gateway {@code id} as a crash would: its status says not live once its handle is gone. */
    void crash(String id) {
        gateways.remove(id).shutdown(Duration.ZERO, "crashed");
        gatewayTransports.remove(id).close();
    }

    /** @return a requester on the fleet, as {@code instanceId} (the CLI on that gateway's host, for its own requests) */
    TransportClient client(String instanceId) {
        TransportClient client = TransportClient.builder(open(instanceId)).principal("ops").clock(clock).pace(PACE)
                .confirmWait(Duration.ofSeconds(10)).where("the memory space " + space).build();
        opened.add(client);
        return client;
    }

    @Override
    public void close() {
        turns.values().forEach(turn -> turn.complete("test over"));
        gateways.values().forEach(gateway -> gateway.shutdown(Duration.ZERO, "test over"));
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
