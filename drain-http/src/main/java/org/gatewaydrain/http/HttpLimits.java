package org.gatewaydrain.http;

import org.gatewaydrain.core.DrainControlException;

/**
 * Caps on the requests that stay open: event streams and {@code ?wait=quiesced} long-polls,
 * in total and per principal (beyond a cap the server answers 429 with {@code Retry-After}),
 * and turns running through {@code POST /api/messages} (beyond, 503 with {@code Retry-After}).
 *
 * @param eventStreams open event streams, in total
 * @param eventStreamsPerPrincipal open event streams of one principal
 * @param longPolls waiting long-polls, in total
 * @param longPollsPerPrincipal waiting long-polls of one principal
 * @param turns turns started over HTTP and still running, in total
 * @param turnsPerPrincipal such turns of one principal
 */
public record HttpLimits(int eventStreams, int eventStreamsPerPrincipal, int longPolls, int longPollsPerPrincipal,
        int turns, int turnsPerPrincipal) {

    /** 64 streams (8 per principal), 256 long-polls (32 per principal), 1024 turns (256 per principal). */
    public static final HttpLimits DEFAULTS = new HttpLimits(64, 8, 256, 32, 1024, 256);

    /** @throws DrainControlException naming the key of a cap below 1 */
    public HttpLimits {
        positive("http.max_event_streams", eventStreams);
        positive("http.max_event_streams_per_principal", eventStreamsPerPrincipal);
        positive("http.max_long_polls", longPolls);
        positive("http.max_long_polls_per_principal", longPollsPerPrincipal);
        positive("http.max_turns", turns);
        positive("http.max_turns_per_principal", turnsPerPrincipal);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new DrainControlException(key + " must be at least 1, was " + value);
        }
    }
}
