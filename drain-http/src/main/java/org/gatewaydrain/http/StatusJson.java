package org.gatewaydrain.http;

import java.util.Map;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * The status object of the API and of {@code gateway status --json}: {@code gateway_state},
 * {@code active_agents}, {@code quiesced}, {@code drain}, {@code drain_ignored},
 * {@code control_channel}, {@code instance_id}, {@code host}, {@code pid}, {@code start_time},
 * {@code exit_reason}, {@code updated_at}, {@code live}. Field shapes are the published
 * status's. Stateless.
 */
public final class StatusJson {

    private StatusJson() {
    }

    /**
     * @param published a status and its liveness
     * @return the status object, ready for a JSON writer (insertion-ordered)
     */
    public static Map<String, Object> of(StatusReading.Published published) {
        Map<String, Object> wire = WireFormat.encodeStatus(published.status());
        return Json.object(
                "gateway_state", wire.get("gateway_state"),
                "active_agents", wire.get("active_agents"),
                "quiesced", published.status().quiesced(),
                "drain", wire.get("drain"),
                "drain_ignored", wire.get("drain_ignored"),
                "control_channel", wire.get("control_channel"),
                "instance_id", wire.get("instance_id"),
                "host", wire.get("host"),
                "pid", wire.get("pid"),
                "start_time", wire.get("start_time"),
                "exit_reason", wire.get("exit_reason"),
                "updated_at", wire.get("updated_at"),
                "live", published.live());
    }
}
