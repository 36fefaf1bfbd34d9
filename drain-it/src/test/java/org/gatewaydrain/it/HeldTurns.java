package org.gatewaydrain.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.runtime.MessageEvent;
import org.gatewaydrain.runtime.TurnHandler;

/**
 * The agent live tests run under a real {@code gateway run} ({@code turn_handler}) when a turn
 * must still be in flight at a given moment: a turn of a session named {@code held-…} lasts until
 * the test releases it, by creating a file of that name in the folder the {@value #FOLDER}
 * system property names; every other turn echoes at once. So a test never races a turn's
 * duration against a drain, a signal or a fresh JVM. Thread-safe.
 */
public final class HeldTurns implements TurnHandler {

    /** The system property naming the release folder. */
    static final String FOLDER = "held.turns";

    private final Path folder = Path.of(System.getProperty(FOLDER, "held-turns"));
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "held-turns");
        thread.setDaemon(true);
        return thread;
    });

    public HeldTurns() {
        looker.scheduleWithFixedDelay(this::releaseWhatIsReleased, 10, 10, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<String> startTurn(MessageEvent event) {
        String reply = "echo: " + event.text();
        if (!event.session().startsWith("held-")) {
            return CompletableFuture.completedFuture(reply);
        }
        Held turn = new Held(new CompletableFuture<>(), reply);
        held.put(event.session(), turn);
        // Interrupted (cancelled) or released: either way it is no longer held.
        turn.work().whenComplete((text, failure) -> held.remove(event.session(), turn));
        return turn.work();
    }

    private void releaseWhatIsReleased() {
        held.forEach((session, turn) -> {
            if (Files.exists(folder.resolve(session))) {
                turn.work().complete(turn.reply());
            }
        });
    }

    private record Held(CompletableFuture<String> work, String reply) {
    }

    /** Ends the held turn of {@code session} (now, or at once when it starts): its reply is its echo. */
    static void release(Path folder, String session) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(session), "released");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return where these classes are, to put on a gateway process's class path */
    static Path classes() {
        try {
            return Path.of(HeldTurns.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
