package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.http.gateway.GatewayHttp;
import org.gatewaydrain.runtime.MessageEvent;
import org.junit.jupiter.api.Test;

class DemoTurnHandlerTest {

    private final DemoTurnHandler handler = new DemoTurnHandler(Duration.ofSeconds(7));

    private static MessageEvent withDelay(long millis) {
        return new MessageEvent("alice", "hello", false, Map.of(GatewayHttp.DELAY_MS, String.valueOf(millis)));
    }

    @Test
    void echoesTheMessage() throws Exception {
        assertThat(handler.startTurn(withDelay(0)).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
    }

    @Test
    void aMessagesOwnDelay_overridesTheDefault_andIsCappedAtSixtySeconds() {
        assertThat(handler.delayFor(MessageEvent.external("a", "x"))).isEqualTo(Duration.ofSeconds(7));
        assertThat(handler.delayFor(withDelay(250))).isEqualTo(Duration.ofMillis(250));
        assertThat(handler.delayFor(withDelay(300_000))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void interruptingATurn_withdrawsItsPendingEcho() {
        CompletableFuture<String> turn = handler.startTurn(withDelay(30_000)).toCompletableFuture();
        assertThat(handler.pendingEchoes()).isEqualTo(1);

        turn.cancel(true);

        assertThat(handler.pendingEchoes()).as("echoes still scheduled").isZero();
    }
}
