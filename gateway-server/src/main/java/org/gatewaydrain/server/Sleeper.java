package org.gatewaydrain.server;

import java.time.Duration;

/** The CLI's poll pause: sleeps, and on interruption restores the flag and returns early. */
final class Sleeper {

    private Sleeper() {
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
