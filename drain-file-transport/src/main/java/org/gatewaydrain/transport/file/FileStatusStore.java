package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import java.time.Clock;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.spi.RuntimeStatusStore;

/** Opens the runtime-status file {@code <home>/gateway_state.json}. */
public final class FileStatusStore {

    /** The status file's name, shared with the reference gateway. */
    public static final String STATUS_FILE = "gateway_state.json";

    private FileStatusStore() {
    }

    /**
     * @param home the gateway home; created (mode 0700) if missing
     * @return the store, timing count-only updates with the system clock
     * @throws DrainControlException if the home cannot be created
     */
    public static RuntimeStatusStore open(Path home) {
        return open(home, Clock.systemUTC());
    }

    /**
     * @param home the gateway home; created (mode 0700) if missing
     * @param clock times count-only updates
     * @return the store
     * @throws DrainControlException if the home cannot be created
     */
    public static RuntimeStatusStore open(Path home, Clock clock) {
        return new FileStatusStoreImpl(GatewayHome.prepare(home).resolve(STATUS_FILE), clock);
    }
}
