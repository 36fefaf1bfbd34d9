package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.http.HttpLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cap on turns started over HTTP: per principal and in total, held until the turn ends. */
class TurnCapTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private HttpFixture http;
    private final List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();

    @BeforeEach
    void serve() {
        http = new HttpFixture(home, new HttpLimits(64, 8, 256, 32, 3, 2));
    }

    @AfterEach
    void stop() throws Exception {
        http.turns.releaseAll();
        for (CompletableFuture<HttpResponse<String>> turn : held) {
            turn.get(10, TimeUnit.SECONDS);
        }
        http.close();
    }

    private HttpResponse<String> send(String token, String session) {
        return http.postJson("/api/messages", token, "{\"session\":\"" + session + "\",\"text\":\"hi\"}");
    }

    private void holdTurn(String token, String session) {
        int before = http.gateway.status().activeTurns();
        http.turns.hold(session);
        held.add(CompletableFuture.supplyAsync(() -> send(token, session)));
        await().atMost(WAIT).until(() -> http.gateway.status().activeTurns() == before + 1);
    }

    @Test
    void beyondThePrincipalsCap_aTurnIs503WithRetryAfter_andOthersStillGetIn() {
        holdTurn(HttpFixture.SENDER, "s1");
        holdTurn(HttpFixture.SENDER, "s2");

        HttpResponse<String> third = send(HttpFixture.SENDER, "s3");

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(HttpFixture.json(third).path("error").asText()).isEqualTo("at_capacity");
        assertThat(HttpFixture.json(third).path("detail").asText()).contains("2 open turns");
        assertThat(HttpFixture.json(third).path("reply").asText()).contains("resend");
        assertThat(http.gateway.status().activeTurns()).as("the refused turn never started").isEqualTo(2);
        assertThat(send(HttpFixture.ADMIN, "a1").statusCode()).as("another principal").isEqualTo(200);
    }

    @Test
    void beyondTheTotalCap_everyoneIsRefused_untilATurnEnds() throws Exception {
        holdTurn(HttpFixture.SENDER, "s1");
        holdTurn(HttpFixture.SENDER, "s2");
        holdTurn(HttpFixture.ADMIN, "a1");

        assertThat(send(HttpFixture.OPERATOR, "o1").statusCode()).isEqualTo(503);

        http.turns.release("a1");
        assertThat(held.get(2).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> send(HttpFixture.OPERATOR, "o1").statusCode() == 200);
    }

    @Test
    void busyAndRefusedTurns_giveTheirPlaceBack() {
        holdTurn(HttpFixture.SENDER, "s1");
        for (int i = 0; i < 5; i++) {
            assertThat(send(HttpFixture.SENDER, "s1").statusCode()).isEqualTo(409);
        }
        assertThat(send(HttpFixture.SENDER, "s2").statusCode()).as("one place left for the sender").isEqualTo(200);

        http.drainAndAwait("{}");
        for (int i = 0; i < 5; i++) {
            assertThat(send(HttpFixture.ADMIN, "a" + i).statusCode()).isEqualTo(503);
        }
        http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"action\":\"cancel\"}");
        await().atMost(WAIT).until(() -> send(HttpFixture.ADMIN, "a9").statusCode() == 200);
        assertThat(send(HttpFixture.ADMIN, "a10").statusCode()).as("the drain's refusals held nothing").isEqualTo(200);
    }
}
