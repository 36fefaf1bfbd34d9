package org.gatewaydrain.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.runtime.RuntimeSettings;

/**
 * The server's settings after merging file, environment and flags. Immutable.
 *
 * @param home the gateway home
 * @param bind the address to serve on
 * @param port the port to serve on
 * @param transport the control channel ({@code file})
 * @param drainMaxAge {@code drain.max_age}
 * @param runtime the runtime's tunables
 * @param tokens the configured API tokens (may be empty: then the env secret or a generated token is used)
 */
record ServerConfig(Path home, String bind, int port, String transport, Duration drainMaxAge,
        RuntimeSettings runtime, List<TokenGrant> tokens) {

    ServerConfig {
        tokens = List.copyOf(tokens);
    }
}
