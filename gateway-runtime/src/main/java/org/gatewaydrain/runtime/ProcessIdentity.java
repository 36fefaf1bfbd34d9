package org.gatewaydrain.runtime;

import java.time.Instant;

/**
 * Who the gateway process is, as its status shows it.
 *
 * @param pid the process id
 * @param startTime when the process started
 */
record ProcessIdentity(long pid, Instant startTime) {

    /** @return this JVM's pid and start time (now, if the OS does not say) */
    static ProcessIdentity current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessIdentity(self.pid(), self.info().startInstant().orElseGet(Instant::now));
    }
}
