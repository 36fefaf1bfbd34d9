package org.gatewaydrain.http.gateway;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.gatewaydrain.runtime.MessageEvent;
import org.gatewaydrain.runtime.TurnHandler;

/**
 * A turn handler tests steer: a turn replies {@code echo: <text>} at once, unless the test
 * holds its session, in which case it runs until the test releases it; a text starting with
 * {@code fail:} fails the turn with that text. No timing involved.
 */
final class TestTurns implements TurnHandler {

    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<String> startTurn(MessageEvent event) {
        if (event.text().startsWith("fail:")) {
            return CompletableFuture.failedFuture(new IllegalStateException(event.text()));
        }
        CompletableFuture<Void> gate = held.getOrDefault(event.session(), CompletableFuture.completedFuture(null));
        return gate.thenApply(released -> "echo: " + event.text());
    }

    /** The next turns of {@code session} run until {@link #release} is called. */
    void hold(String session) {
        held.put(session, new CompletableFuture<>());
    }

    /** Ends the held turns of {@code session} with their normal reply. */
    void release(String session) {
        CompletableFuture<Void> gate = held.remove(session);
        if (gate != null) {
            gate.complete(null);
        }
    }

    /** Ends every held turn. */
    void releaseAll() {
        held.keySet().forEach(this::release);
    }
}
