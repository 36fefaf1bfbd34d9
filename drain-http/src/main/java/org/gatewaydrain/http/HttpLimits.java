package org.gatewaydrain.http;

import org.gatewaydrain.core.DrainControlException;

/**
 * Caps on the requests that stay open: event streams and {@code ?wait=quiesced} long-polls,
 * in total and per principal. Beyond a cap the server answers 429 with {@code Retry-After}.
 *
 * @param eventStreams open event streams, in total
 * @param eventStreamsPerPrincipal open event streams of one principal
 * @param longPolls waiting long-polls, in total
 * @param longPollsPerPrincipal waiting long-polls of one principal
 */
public record HttpLimits(int eventStreams, int eventStreamsPerPrincipal, int longPolls, int longPollsPerPrincipal) {

    /** 64 streams (8 per principal), 256 long-polls (32 per principal). */
    public static final HttpLimits DEFAULTS = new HttpLimits(64, 8, 256, 32);

    /** @throws DrainControlException naming the key of a cap below 1 */
    public HttpLimits {
        positive("http.max_event_streams", eventStreams);
        positive("http.max_event_streams_per_principal", eventStreamsPerPrincipal);
        positive("http.max_long_polls", longPolls);
        positive("http.max_long_polls_per_principal", longPollsPerPrincipal);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new DrainControlException(key + " must be at least 1, was " + value);
        }
    }
}
