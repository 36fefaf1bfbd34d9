package org.gatewaydrain.http;

import java.util.Map;
import org.gatewaydrain.core.FleetReading;

/**
 * The fleet object of {@code GET /api/fleet/status} and {@code gateway status --fleet --json}:
 * {@code instances} (each a status object), {@code live} and {@code draining} (how many),
 * {@code quiesced} (at least one instance is live and every live one is quiesced). Stateless.
 */
public final class FleetJson {

    private FleetJson() {
    }

    /** @return the fleet object, ready for a JSON writer */
    public static Map<String, Object> of(FleetReading.Instances fleet) {
        return Json.object(
                "instances", fleet.instances().stream().map(StatusJson::of).toList(),
                "live", fleet.live().size(),
                "draining", fleet.draining().size(),
                "quiesced", fleet.quiesced());
    }

}
