package org.gatewaydrain.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A turn handler whose turns end only when the test says so; remembers every turn. */
final class ManualTurnHandler implements TurnHandler {

    private final List<CompletableFuture<String>> turns = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<String> startTurn(MessageEvent event) {
        CompletableFuture<String> turn = new CompletableFuture<>();
        turns.add(turn);
        return turn;
    }

    /** @return the work of the {@code index}-th turn started (0-based) */
    CompletableFuture<String> turn(int index) {
        return turns.get(index);
    }

    int started() {
        return turns.size();
    }

    /** @return how many turns started and neither finished nor were interrupted */
    long unfinished() {
        return turns.stream().filter(turn -> !turn.isDone()).count();
    }

    /** Ends the {@code index}-th turn with a reply. */
    void finish(int index, String reply) {
        turns.get(index).complete(reply);
    }
}
