package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesEndpointTest extends ServedGatewayTest {

    private HttpResponse<String> send(String token, String json) {
        return http.postJson("/api/messages", token, json);
    }

    @Test
    void message_getsTheAgentsReply() {
        HttpResponse<String> response = send(HttpFixture.SENDER, "{\"session\":\"alice\",\"text\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.json(response).path("reply").asText()).isEqualTo("echo: hello");
    }

    @Test
    void whileDraining_aNewMessageIs503WithRetryAfterAndTheDrainingReply() {
        http.drainAndAwait("{}");

        HttpResponse<String> response = send(HttpFixture.SENDER, "{\"session\":\"alice\",\"text\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = HttpFixture.json(response);
        assertThat(body.path("error").asText()).isEqualTo("draining");
        assertThat(body.path("reply").asText()).contains("draining").contains("resend");
        assertThat(http.gateway.status().activeTurns()).isZero();
    }

    @Test
    void anInternalEvent_passesWhileDraining_withTheInternalScope() {
        http.drainAndAwait("{}");

        assertThat(send(HttpFixture.ADMIN, "{\"session\":\"cron\",\"text\":\"tick\",\"internal\":true}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anInternalEvent_withoutTheInternalScope_is403_andStartsNothing() {
        http.drainAndAwait("{}");

        HttpResponse<String> sender = send(HttpFixture.SENDER, "{\"session\":\"s1\",\"text\":\"x\",\"internal\":true}");
        HttpResponse<String> sharedSecret = send(HttpFixture.OPERATOR, "{\"session\":\"s2\",\"text\":\"x\",\"internal\":true}");

        assertThat(sender.statusCode()).isEqualTo(403);
        assertThat(HttpFixture.json(sender).path("detail").asText()).contains("'internal' scope");
        assertThat(sharedSecret.statusCode()).as("a shared secret does not carry internal").isEqualTo(403);
        assertThat(http.gateway.status().activeTurns()).isZero();
        assertThat(http.gateway.status().quiesced()).isTrue();
    }

    @Test
    void secondMessageForABusySession_is409() throws Exception {
        http.turns.hold("alice");
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> send(HttpFixture.SENDER, "{\"session\":\"alice\",\"text\":\"long\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.gateway.status().activeTurns() == 1);

        HttpResponse<String> second = send(HttpFixture.SENDER, "{\"session\":\"alice\",\"text\":\"again\"}");

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(HttpFixture.json(second).path("error").asText()).isEqualTo("busy");
        http.turns.release("alice");
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aTurnThatFails_is500WithASentence_notTheAgentsMessage() {
        HttpResponse<String> response = send(HttpFixture.SENDER, "{\"session\":\"boom\",\"text\":\"fail: secret at /etc/x\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("turn_failed");
        assertThat(HttpFixture.json(response).path("detail").asText()).doesNotContain("/etc/x").doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"session\":\"\",\"text\":\"x\"}", "{\"session\":\"a\"}",
        "{\"session\":1,\"text\":\"x\"}", "{\"session\":\"a\",\"text\":\"x\",\"delay_ms\":-1}",
        "{\"session\":\"a\",\"text\":\"x\",\"internal\":\"yes\"}", "[]", "{\"session\":\"a\",\"text\":\"x\",\"extra\":1}",
        "{\"session\":null,\"text\":\"x\"}", "{\"session\":\"a\",\"text\":null}", "{\"session\":\"a\",\"text\":\"x\",\"internal\":null}",
        "{\"session\":\"a\",\"text\":\"x\",\"delay_ms\":null}"})
    void badMessages_are400(String json) {
        assertThat(send(HttpFixture.SENDER, json).statusCode()).isEqualTo(400);
    }
}
