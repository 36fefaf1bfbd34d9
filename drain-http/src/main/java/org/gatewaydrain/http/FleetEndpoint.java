package org.gatewaydrain.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Supplier;
import org.gatewaydrain.client.ApiObjects;
import org.gatewaydrain.core.FleetReading;

/**
 * {@code GET /api/fleet/status}: every instance's status and whether the fleet is quiesced,
 * on a fleet transport; 404 {@code not_a_fleet} on a transport with one gateway per channel.
 * Thread-safe.
 */
final class FleetEndpoint {

    static final String PATH = "/api/fleet/status";

    private final Supplier<FleetReading> fleet;

    FleetEndpoint(Supplier<FleetReading> fleet) {
        this.fleet = fleet;
    }

    void status(Context ctx) {
        FleetReading reading = fleet.get();
        if (reading instanceof FleetReading.Instances instances) {
            Json.send(ctx, 200, ApiObjects.fleet(instances));
        } else if (reading instanceof FleetReading.Unknown) {
            throw new ApiException(503, "fleet_unavailable", "The fleet's statuses cannot be read right now.",
                    Map.of("Retry-After", "5"), Map.of());
        } else {
            throw new ApiException(404, "not_a_fleet", "This transport has one gateway per channel; there is no fleet"
                    + " to show. Use /api/gateway/status.");
        }
    }
}
