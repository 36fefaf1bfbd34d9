package org.gatewaydrain.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.junit.jupiter.api.Test;

/** The fleet object over HTTP: invalid entries travel as such, and a fleet object cannot smuggle one in as counted. */
class ApiObjectsFleetTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static StatusReading.Published status(String id, GatewayState state, int active) {
        return new StatusReading.Published(new RuntimeStatus(1, "gateway", id, "host", AT, state, active,
                Optional.empty(), Optional.empty(), ChannelHealth.OK, Optional.empty(), AT), true);
    }

    @Test
    void invalidEntries_travelAsInvalid_andAreNeverCounted() {
        FleetReading.Instances fleet = new FleetReading.Instances(List.of(status("gw-1", GatewayState.RUNNING, 1)),
                List.of(new FleetReading.Invalid("0", "the node names gw-1, not 0")));

        Map<String, Object> object = ApiObjects.fleet(fleet);

        assertThat(object.get("invalid")).isEqualTo(List.of(Map.of("node", "0", "why", "the node names gw-1, not 0")));
        assertThat(ApiObjects.decodeFleet(object)).contains(fleet);
    }

    @Test
    void aFleetObjectNamingOneInstanceTwice_orHoldingANonStatus_countsNeither() {
        Map<String, Object> object = new LinkedHashMap<>(ApiObjects.fleet(new FleetReading.Instances(List.of(
                status("gw-1", GatewayState.RUNNING, 1), status("gw-2", GatewayState.RUNNING, 0)))));
        List<Object> instances = new ArrayList<>((List<?>) object.get("instances"));
        instances.add(ApiObjects.status(status("gw-1", GatewayState.DRAINING, 0)));
        instances.add(Map.of("gateway_state", "draining"));
        object.put("instances", instances);

        FleetReading.Instances decoded = ApiObjects.decodeFleet(object).orElseThrow();

        assertThat(decoded.instances()).extracting(p -> p.status().instanceId()).containsExactly("gw-2");
        assertThat(decoded.invalid()).extracting(FleetReading.Invalid::name).containsExactlyInAnyOrder("gw-1", "instances[3]");
    }
}
