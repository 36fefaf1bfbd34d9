package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.http.StatusJson;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;

/** The CLI over the file channel of a home, as the requester process in the same host. */
final class LocalControlClient implements ControlClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONFIRM_WAIT = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path home;
    private final DrainControlChannel channel;
    private final RuntimeStatusStore store;

    LocalControlClient(Path home, Duration maxAge) {
        this.home = home;
        this.channel = FileDrainChannel.builder().home(home).maxAge(maxAge).build();
        this.store = FileStatusStore.open(home);
    }

    @Override
    public DrainAnswer drain(DrainOrder order) {
        DrainRequest request = DrainRequest.of(order.principal(), Instant.now())
                .withReason(order.reason().orElse(null))
                .withSuppressNotification(order.suppressNotification());
        DrainRequest written = order.ttl().map(request::withTimeToLive).orElse(request);
        channel.request(written);
        return new DrainAnswer(written.principal(), written.requestedAt(), awaitDraining());
    }

    @Override
    public boolean cancel() {
        return channel.cancel();
    }

    @Override
    public Optional<JsonNode> status() {
        return store.read().map(status -> JSON.valueToTree(StatusJson.of(status, StatusJson.isLive(status))));
    }

    @Override
    public String where() {
        return "the home " + home;
    }

    @Override
    public void close() {
        channel.close();
        store.close();
    }

    private boolean awaitDraining() {
        long deadline = System.nanoTime() + CONFIRM_WAIT.toNanos();
        while (true) {
            Optional<RuntimeStatus> status = store.read();
            if (status.map(s -> s.state() == GatewayState.DRAINING).orElse(false)) {
                return true;
            }
            if (System.nanoTime() > deadline || status.map(s -> !StatusJson.isLive(s)).orElse(true)) {
                return false;
            }
            Sleeper.pause(POLL);
        }
    }
}
