package org.gatewaydrain.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;

/**
 * The status object of the API and of {@code gateway status --json}: {@code gateway_state},
 * {@code active_agents}, {@code quiesced}, {@code drain}, {@code control_channel}, {@code pid},
 * {@code updated_at}, {@code live}. Stateless.
 */
public final class StatusJson {

    private StatusJson() {
    }

    /**
     * @param status the status
     * @param live whether the gateway process is alive
     * @return the status object, ready for a JSON writer (insertion-ordered)
     */
    public static Map<String, Object> of(RuntimeStatus status, boolean live) {
        Object drain = status.drain().<Object>map(d -> Json.object(
                "principal", d.principal(),
                "requested_at", d.requestedAt().toString(),
                "reason", d.reason().orElse(null))).orElse(null);
        return Json.object(
                "gateway_state", status.state().wireName(),
                "active_agents", status.activeAgents(),
                "quiesced", status.quiesced(),
                "drain", drain,
                "control_channel", status.controlChannel().wireName(),
                "pid", status.pid(),
                "updated_at", status.updatedAt().toString(),
                "live", live);
    }

    /**
     * @param status a status read from a store
     * @return whether the process that published it is still alive and not stopped
     */
    public static boolean isLive(RuntimeStatus status) {
        return status.state() != GatewayState.STOPPED
                && ProcessHandle.of(status.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** @return the status object as JSON text */
    public static String text(RuntimeStatus status, boolean live) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(of(status, live));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The status could not be written as JSON", e);
        }
    }
}
