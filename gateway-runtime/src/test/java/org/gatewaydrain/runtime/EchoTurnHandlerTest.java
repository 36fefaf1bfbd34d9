package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EchoTurnHandlerTest {

    private final EchoTurnHandler handler =
            new EchoTurnHandler(RuntimeSettings.DEFAULTS.withDemoTurnDelay(Duration.ofSeconds(7)));

    @Test
    void echoesTheMessage() throws Exception {
        CompletableFuture<String> reply = handler.startTurn(
                MessageEvent.external("alice", "hello").withDelay(Duration.ZERO)).toCompletableFuture();

        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
    }

    @Test
    void aMessagesOwnDelay_overridesTheDefault_andIsCappedAtSixtySeconds() {
        assertThat(handler.delayFor(MessageEvent.external("a", "x"))).isEqualTo(Duration.ofSeconds(7));
        assertThat(handler.delayFor(MessageEvent.external("a", "x").withDelay(Duration.ofMillis(250))))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(handler.delayFor(MessageEvent.external("a", "x").withDelay(Duration.ofMinutes(5))))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void cancellingTheTurn_stopsTheEcho() {
        CompletableFuture<String> reply = handler.startTurn(MessageEvent.external("alice", "slow")).toCompletableFuture();

        reply.cancel(true);

        assertThat(reply).isCancelled();
    }
}
