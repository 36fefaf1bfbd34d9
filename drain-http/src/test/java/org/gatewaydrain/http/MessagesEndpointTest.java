package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesEndpointTest extends ServedGatewayTest {


    private HttpResponse<String> send(String json) {
        return http.postJson(MessagesEndpoint.PATH, HttpFixture.SENDER, json);
    }

    @Test
    void message_getsTheAgentsReply() {
        HttpResponse<String> response = send("{\"session\":\"alice\",\"text\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.json(response).path("reply").asText()).isEqualTo("echo: hello");
    }

    @Test
    void whileDraining_aNewMessageIs503WithRetryAfterAndTheDrainingReply() {
        http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{}");

        HttpResponse<String> response = send("{\"session\":\"alice\",\"text\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = HttpFixture.json(response);
        assertThat(body.path("error").asText()).isEqualTo("draining");
        assertThat(body.path("reply").asText()).contains("draining").contains("resend");
        assertThat(http.gateway.status().activeAgents()).isZero();
    }

    @Test
    void internalEvent_passesWhileDraining() {
        http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{}");

        assertThat(send("{\"session\":\"cron\",\"text\":\"tick\",\"internal\":true,\"delay_ms\":0}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void secondMessageForABusySession_is409() {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> send("{\"session\":\"alice\",\"text\":\"long\",\"delay_ms\":20000}"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> http.gateway.status().activeAgents() == 1);

        HttpResponse<String> second = send("{\"session\":\"alice\",\"text\":\"again\"}");

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(HttpFixture.json(second).path("error").asText()).isEqualTo("busy");
        first.cancel(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"session\":\"\",\"text\":\"x\"}", "{\"session\":\"a\"}",
        "{\"session\":1,\"text\":\"x\"}", "{\"session\":\"a\",\"text\":\"x\",\"delay_ms\":-1}",
        "{\"session\":\"a\",\"text\":\"x\",\"internal\":\"yes\"}", "[]", "{\"session\":\"a\",\"text\":\"x\",\"extra\":1}"})
    void badMessages_are400(String json) {
        assertThat(send(json).statusCode()).isEqualTo(400);
    }
}
