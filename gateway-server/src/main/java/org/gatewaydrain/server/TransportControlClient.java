package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.rollout.RolloutLedger;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.http.DrainControl;
import org.gatewaydrain.http.FleetJson;
import org.gatewaydrain.http.Json;
import org.gatewaydrain.http.StatusJson;
import org.gatewaydrain.http.StatusSource;

/** The CLI as a requester on the selected transport, as the HTTP API is: the same {@link DrainControl}. */
final class TransportControlClient implements ControlClient {

    private static final Duration POLL = Duration.ofMillis(50);

    private final ServerConfig config;
    private final DrainTransport transport;

    TransportControlClient(ServerConfig config) {
        this.config = config;
        this.transport = config.openTransport();
    }

    @Override
    public DrainAnswer drain(String principal, DrainControl.DrainOrder order) {
        try (StatusSource status = StatusSource.polling(transport.statusStore(), POLL)) {
            DrainControl.DrainOutcome outcome = new DrainControl(transport.channel(), status,
                    transport.statusStore()::readFleet, DrainControl.DEFAULT_CONFIRM_WAIT, Clock.systemUTC())
                    .drain(principal, order)
                    .get(DrainControl.DEFAULT_CONFIRM_WAIT.toMillis() * 5, TimeUnit.MILLISECONDS);
            return new DrainAnswer(outcome.request().principal(), outcome.request().requestedAt(), outcome.draining(),
                    outcome.ignored().map(StaleReason::wireName));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainControlException("Interrupted while waiting for the gateway to show the drain.", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DrainControlException("The drain was written but could not be confirmed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean cancel(DrainTarget target) {
        return transport.channel().cancel(target);
    }

    @Override
    public Optional<JsonNode> fleet() {
        FleetReading reading = fleetReading();
        if (reading instanceof FleetReading.Unknown unknown) {
            throw new DrainControlException("The fleet's statuses cannot be read: " + unknown.cause());
        }
        return reading instanceof FleetReading.Instances instances
                ? Optional.of(Json.MAPPER.valueToTree(FleetJson.of(instances))) : Optional.empty();
    }

    /** @return every instance's status as read now; never throws */
    FleetReading fleetReading() {
        return transport.statusStore().readFleet();
    }

    /** @return the cluster's rollout ledger, on a transport that keeps a fleet */
    Optional<RolloutLedger> rollouts() {
        return transport.rollouts();
    }

    @Override
    public Optional<JsonNode> status() {
        StatusReading reading = transport.statusStore().read();
        if (reading instanceof StatusReading.Unknown unknown) {
            throw new DrainControlException("The gateway's status cannot be read: " + unknown.cause());
        }
        return reading.published().map(published -> Json.MAPPER.valueToTree(StatusJson.of(published)));
    }

    @Override
    public String where() {
        return "the " + config.transport().name() + " transport (home " + config.home() + ")";
    }

    @Override
    public void close() {
        transport.close();
    }
}
