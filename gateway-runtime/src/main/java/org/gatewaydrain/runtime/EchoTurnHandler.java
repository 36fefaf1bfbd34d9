package org.gatewaydrain.runtime;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The built-in demo agent: echoes the message after a delay ({@code demo.turn_delay}, or the
 * message's own delay capped at 60 s), so a fresh server is useful and a drain can be watched.
 * Cancelling the returned stage cancels the pending echo. Thread-safe.
 */
@Singleton
public final class EchoTurnHandler implements TurnHandler {

    private final Duration defaultDelay;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("demo-turns"));

    @Inject
    EchoTurnHandler(RuntimeSettings settings) {
        this.defaultDelay = settings.demoTurnDelay();
    }

    @Override
    public CompletionStage<String> startTurn(MessageEvent event) {
        Duration delay = delayFor(event);
        CompletableFuture<String> reply = new CompletableFuture<>();
        ScheduledFuture<?> echo = timer.schedule(() -> reply.complete("echo: " + event.text()),
                delay.toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((text, failure) -> echo.cancel(false));
        return reply;
    }

    /** @return the message's own delay capped at 60 s, or the configured default */
    Duration delayFor(MessageEvent event) {
        return event.delay().map(EchoTurnHandler::capped).orElse(defaultDelay);
    }

    private static Duration capped(Duration requested) {
        return requested.compareTo(RuntimeSettings.MAX_DEMO_DELAY) > 0 ? RuntimeSettings.MAX_DEMO_DELAY : requested;
    }
}
