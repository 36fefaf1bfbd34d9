package org.gatewaydrain.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.spi.DaemonThreads;
import org.gatewaydrain.http.gateway.GatewayHttp;
import org.gatewaydrain.runtime.MessageEvent;
import org.gatewaydrain.runtime.TurnHandler;

/**
 * The server's built-in demo agent: echoes the message after a delay ({@code demo.turn_delay},
 * or the message's own {@code delay_ms}, capped at 60 s), so a fresh server is useful and a
 * drain can be watched. Cancelling the returned stage cancels the pending echo. Thread-safe.
 */
final class DemoTurnHandler implements TurnHandler {

    private final Duration defaultDelay;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("demo-turns"));

    DemoTurnHandler(Duration defaultDelay) {
        this.defaultDelay = defaultDelay;
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public CompletionStage<String> startTurn(MessageEvent event) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        ScheduledFuture<?> echo = timer.schedule(() -> reply.complete("echo: " + event.text()),
                delayFor(event).toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((text, failure) -> echo.cancel(false));
        return reply;
    }

    /** @return how many echoes are scheduled and not yet sent or withdrawn */
    int pendingEchoes() {
        return timer.getQueue().size();
    }

    /** @return the message's own delay capped at 60 s, or the configured default */
    Duration delayFor(MessageEvent event) {
        return event.attribute(GatewayHttp.DELAY_MS).map(Long::parseLong).map(Duration::ofMillis)
                .map(delay -> delay.compareTo(ServerConfig.MAX_DEMO_DELAY) > 0 ? ServerConfig.MAX_DEMO_DELAY : delay)
                .orElse(defaultDelay);
    }
}
