package org.gatewaydrain.it;

import java.nio.file.Path;
import java.time.Instant;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.transport.file.FileDrainChannel;

/**
 * A requester process for the kill test: writes drain requests (with a reason long enough to
 * take several write calls) and cancels them, as fast as it can, until it is killed.
 */
public final class MarkerHammer {

    private MarkerHammer() {
    }

    public static void main(String[] args) {
        String reason = "x".repeat(48 * 1024);
        try (DrainControlChannel channel = FileDrainChannel.builder().home(Path.of(args[0])).build()) {
            for (long i = 0; i < Long.MAX_VALUE; i++) {
                channel.request(DrainRequest.of("hammer", Instant.now()).withReason(reason + i));
                if (i % 3 == 2) {
                    channel.cancel();
                }
                if (i == 50) {
                    // Warmed up and writing: the test may kill from now on.
                    System.out.println("hammering");
                    System.out.flush();
                }
            }
        }
    }
}
