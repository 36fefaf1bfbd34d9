package org.gatewaydrain.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gatewaydrain.core.DrainControlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The auth matrix of every route, the strength gate and the audit line. */
class AccessTest extends ServedGatewayTest {

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final Logger auditLogger = (Logger) LoggerFactory.getLogger("org.gatewaydrain.audit");

    @BeforeEach
    void listenToTheAudit() {
        auditLogger.setLevel(Level.INFO);
        audit.start();
        auditLogger.addAppender(audit);
    }

    @AfterEach
    void stopListening() {
        auditLogger.detachAppender(audit);
    }

    static Stream<Arguments> protectedRoutes() {
        return Stream.of(
                Arguments.of("POST", DrainEndpoint.PATH, "{\"action\":\"cancel\"}", HttpFixture.READER),
                Arguments.of("GET", StatusEndpoint.STATUS_PATH, null, HttpFixture.SENDER),
                Arguments.of("POST", MessagesEndpoint.PATH, "{\"session\":\"a\",\"text\":\"hi\",\"delay_ms\":0}",
                        HttpFixture.READER));
    }

    private HttpResponse<String> call(String method, String path, String body, String token) {
        return method.equals("GET") ? http.get(path, token) : http.postJson(path, token, body);
    }

    @ParameterizedTest
    @MethodSource("protectedRoutes")
    void noToken_is401WithABearerChallenge(String method, String path, String body, String wrongScope) {
        HttpResponse<String> response = call(method, path, body, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(HttpFixture.json(response).path("error").asText()).isEqualTo("unauthorized");
    }

    @ParameterizedTest
    @MethodSource("protectedRoutes")
    void wrongToken_is401(String method, String path, String body, String wrongScope) {
        assertThat(call(method, path, body, "not-a-token-anyone-was-given-0123456789").statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("protectedRoutes")
    void tokenWithoutTheScope_is403(String method, String path, String body, String wrongScope) {
        HttpResponse<String> response = call(method, path, body, wrongScope);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(HttpFixture.json(response).path("detail").asText()).contains("scope");
    }

    @ParameterizedTest
    @MethodSource("protectedRoutes")
    void goodToken_is200(String method, String path, String body, String wrongScope) {
        assertThat(call(method, path, body, HttpFixture.ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void eventsNeedTheStatusScope() {
        assertThat(http.get(StatusEndpoint.EVENTS_PATH, null).statusCode()).isEqualTo(401);
        assertThat(http.get(StatusEndpoint.EVENTS_PATH, HttpFixture.SENDER).statusCode()).isEqualTo(403);
    }

    @Test
    void healthAndMetrics_needNoTokenOnLoopback() {
        assertThat(http.get(HealthEndpoint.LIVE_PATH, null).statusCode()).isEqualTo(200);
        assertThat(http.get(HealthEndpoint.READY_PATH, null).statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics", null).statusCode()).isEqualTo(200);
    }

    @Test
    void nonBearerScheme_is401() {
        var request = java.net.http.HttpRequest.newBuilder(http.uri(StatusEndpoint.STATUS_PATH))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=").GET().build();

        assertThat(http.send(request).statusCode()).isEqualTo(401);
    }

    @Test
    void everyControlRequest_isAudited_withPrincipalRemoteActionAndResult() {
        http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{\"action\":\"drain\"}");
        http.postJson(DrainEndpoint.PATH, HttpFixture.READER, "{\"action\":\"cancel\"}");
        http.postJson(DrainEndpoint.PATH, null, "{\"action\":\"cancel\"}");
        http.postJson(DrainEndpoint.PATH, HttpFixture.ADMIN, "{\"action\":\"explode\"}");

        List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("principal=admin", "remote=127.0.0.1", "action=drain", "result=200");
        assertThat(lines.get(1)).contains("principal=reader", "result=403");
        assertThat(lines.get(2)).contains("principal=-", "result=401");
        assertThat(lines.get(3)).contains("action=explode", "result=400");
    }

    @Test
    void weakSecrets_areRefusedWithAMessageSayingWhy() {
        assertThatThrownBy(() -> Tokens.requireStrong(Tokens.ENV_SECRET, "short"))
                .isInstanceOf(DrainControlException.class)
                .hasMessageContaining(Tokens.ENV_SECRET).hasMessageContaining("32");
        assertThatThrownBy(() -> Tokens.requireStrong(Tokens.ENV_SECRET, "ab".repeat(20)))
                .isInstanceOf(DrainControlException.class).hasMessageContaining("16 distinct");
        Tokens.requireStrong(Tokens.ENV_SECRET, Tokens.generate());
    }

    @Test
    void authenticator_needsAtLeastOneGrant_andDistinctTokens() {
        assertThatThrownBy(() -> TokenAuthenticator.of(List.of())).isInstanceOf(DrainControlException.class);
        assertThatThrownBy(() -> TokenAuthenticator.of(List.of(
                new TokenGrant("a", Tokens.sha256("same-secret"), Set.of(Scope.STATUS)),
                new TokenGrant("b", Tokens.sha256("same-secret"), Set.of(Scope.DRAIN)))))
                .isInstanceOf(DrainControlException.class);
    }

    @Test
    void grantFromHex_matchesTheTokenItHashes() {
        String token = Tokens.generate();
        TokenAuthenticator authenticator = TokenAuthenticator.of(List.of(
                TokenGrant.ofHex("ops", Tokens.sha256Hex(token), Set.of(Scope.DRAIN))));

        assertThat(authenticator.authenticate("Bearer " + token)).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("ops");
            assertThat(p.may(Scope.DRAIN)).isTrue();
            assertThat(p.may(Scope.STATUS)).isFalse();
        });
        assertThatThrownBy(() -> TokenGrant.ofHex("ops", "abc", Set.of())).isInstanceOf(DrainControlException.class);
    }
}
