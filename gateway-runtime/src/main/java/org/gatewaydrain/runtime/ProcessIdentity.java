package org.gatewaydrain.runtime;

import java.time.Instant;
import org.gatewaydrain.core.LocalHost;

/**
 * Who the gateway is, as its status shows it.
 *
 * @param instanceId its name among its peers
 * @param host the host it runs on
 * @param pid the process id
 * @param startTime when the process started
 */
record ProcessIdentity(String instanceId, String host, long pid, Instant startTime) {

    /** @return this JVM's host, pid and start time (now, if the OS does not say), named {@code instanceId} */
    static ProcessIdentity current(String instanceId) {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessIdentity(instanceId, LocalHost.name(), self.pid(),
                self.info().startInstant().orElseGet(Instant::now));
    }
}
