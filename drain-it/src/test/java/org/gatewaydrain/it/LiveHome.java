package org.gatewaydrain.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** What an operator sees in a gateway home: the status file and the marker. */
final class LiveHome {

    static final String MARKER = ".drain_request.json";
    static final String STATUS = "gateway_state.json";

    private LiveHome() {
    }

    /** The environment the live gateways run with: quick demo turns, a 10 s drain timeout. */
    static Map<String, String> env(Path home) {
        return Map.of("GATEWAY_HOME", home.toString(),
                "GATEWAY_DEMO_TURN_DELAY", "50ms",
                "GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", "10s",
                "GATEWAY_LOG_LEVEL", "INFO");
    }

    /** @return {@code gateway_state} from the status file, or "" when it is absent or mid-replace */
    static String fileState(Path home) {
        try {
            JsonNode status = LiveApi.JSON.readTree(Files.readString(home.resolve(STATUS)));
            return status.path("gateway_state").asText("");
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new AssertionError("The status file is not whole JSON", e);
        }
    }

    static JsonNode statusFile(Path home) throws IOException {
        return LiveApi.JSON.readTree(Files.readString(home.resolve(STATUS)));
    }
}
