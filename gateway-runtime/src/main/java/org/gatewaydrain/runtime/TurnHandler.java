package org.gatewaydrain.runtime;

import java.util.concurrent.CompletionStage;

/**
 * The agent: works on one turn and replies. The SPI a gateway embedder implements.
 *
 * <p>{@link #startTurn} is called on the thread that called {@link Gateway#handle} and must
 * return promptly; the work happens asynchronously and the stage completes with the reply.
 * Drain never touches a running turn. On shutdown, a turn still running after the drain
 * timeout is interrupted: the gateway calls {@code cancel(true)} on the stage's
 * {@code CompletableFuture}; implementations stop their work when that happens.
 * Implementations must be thread-safe: turns of different sessions run concurrently.
 */
@FunctionalInterface
public interface TurnHandler {

    /**
     * @param event the message that starts the turn
     * @return completes with the reply, or exceptionally if the turn fails
     */
    CompletionStage<String> startTurn(MessageEvent event);
}
