package org.gatewaydrain.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.spi.RolloutLedger;
import org.gatewaydrain.client.ApiObjects;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.Subscription;

/**
 * {@code GET /api/fleet/rollout}: the cluster's last recorded rollout and who runs one now, on
 * a fleet transport; 404 {@code not_a_fleet} elsewhere. The same body is the {@code rollout}
 * event of the event stream. Thread-safe.
 */
final class RolloutEndpoint {

    static final String PATH = "/api/fleet/rollout";

    private final Optional<RolloutLedger> ledger;

    RolloutEndpoint(Optional<RolloutLedger> ledger) {
        this.ledger = ledger;
    }

    void get(Context ctx) {
        if (ledger.isEmpty()) {
            throw new ApiException(404, "not_a_fleet", "This transport has one gateway per channel; there is no fleet"
                    + " to roll across. Use gateway maintain.");
        }
        if (ledger.get().read() instanceof RolloutReading.Recorded recorded) {
            Json.send(ctx, 200, body(recorded));
        } else {
            throw new ApiException(503, "fleet_unavailable", "The cluster's rollout record cannot be read right now.",
                    Map.of("Retry-After", "5"), Map.of());
        }
    }

    /** @return the {@code rollout} event's data now; empty without a ledger or while it cannot be read */
    Optional<String> eventData() {
        return ledger.map(RolloutLedger::read).filter(RolloutReading.Recorded.class::isInstance)
                .map(r -> Json.text(body((RolloutReading.Recorded) r)));
    }

    /** @return notifications of the record's and the holder's changes (none without a ledger) */
    Subscription watch(Runnable onChange) {
        return ledger.map(l -> l.watch(onChange)).orElse(() -> { });
    }

    private static Map<String, Object> body(RolloutReading.Recorded recorded) {
        return ApiObjects.rollout(recorded);
    }
}
