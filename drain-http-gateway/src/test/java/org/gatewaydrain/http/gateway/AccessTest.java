package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The auth matrix of every route and the audit line. */
class AccessTest extends ServedGatewayTest {

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final Logger auditLogger = (Logger) LoggerFactory.getLogger("org.gatewaydrain.audit");
    private Level levelBefore;

    @BeforeEach
    void listenToTheAudit() {
        levelBefore = auditLogger.getLevel();
        auditLogger.setLevel(Level.INFO);
        audit.start();
        auditLogger.addAppender(audit);
    }

    @AfterEach
    void stopListening() {
        auditLogger.detachAppender(audit);
        auditLogger.setLevel(levelBefore);
    }

    static Stream<Arguments> protectedRoutes() {
        return Stream.of(
                Arguments.of("POST", "/api/gateway/drain", "{\"action\":\"cancel\"}", HttpFixture.READER),
                Arguments.of("GET", "/api/gateway/status", null, HttpFixture.SENDER),
                Arguments.of("POST", "/api/messages", "{\"session\":\"a\",\"text\":\"hi\"}", HttpFixture.READER));
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
        assertThat(http.get("/api/gateway/events", null).statusCode()).isEqualTo(401);
        assertThat(http.get("/api/gateway/events", HttpFixture.SENDER).statusCode()).isEqualTo(403);
    }

    @Test
    void healthAndMetrics_needNoTokenOnLoopback() {
        assertThat(http.get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsWithoutAToken_needALoopbackHostHeaderToo_soARebindingPageCannotReadThem() throws Exception {
        assertThat(statusLineOfMetricsWithHost("127.0.0.1:" + http.uri("/").getPort())).contains(" 200 ");
        assertThat(statusLineOfMetricsWithHost("localhost")).contains(" 200 ");
        assertThat(statusLineOfMetricsWithHost("[::1]:9")).contains(" 200 ");
        assertThat(statusLineOfMetricsWithHost("attacker.example:" + http.uri("/").getPort())).contains(" 401 ");
        assertThat(statusLineOfMetricsWithHost("127.0.0.1.attacker.example")).contains(" 401 ");
        assertThat(statusLineOfMetricsWithHost("localhost.attacker.example")).contains(" 401 ");
    }

    /** A raw request: the JDK's client will not send a Host header of our choosing. */
    private String statusLineOfMetricsWithHost(String host) throws java.io.IOException {
        java.net.URI uri = http.uri("/metrics");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void nonBearerScheme_is401() {
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/gateway/status"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=").GET().build();

        assertThat(http.send(request).statusCode()).isEqualTo(401);
    }

    @Test
    void everyControlRequest_isAudited_withPrincipalRemoteActionAndResult() {
        http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"action\":\"drain\"}");
        http.postJson("/api/gateway/drain", HttpFixture.READER, "{\"action\":\"cancel\"}");
        http.postJson("/api/gateway/drain", null, "{\"action\":\"cancel\"}");
        http.postJson("/api/gateway/drain", HttpFixture.ADMIN, "{\"action\":\"explode\"}");

        List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("principal=admin", "remote=127.0.0.1", "action=drain", "result=200");
        assertThat(lines.get(1)).contains("principal=reader", "action=-", "result=403");
        assertThat(lines.get(2)).contains("principal=-", "result=401");
        assertThat(lines.get(3)).as("an unknown action is not logged as if it were one").contains("action=-", "result=400");
    }

    @Test
    void anActionCarryingALineBreak_cannotForgeAnAuditLine() {
        String forged = "{\"action\":\"x\\n12:00:00.000 INFO audit control request principal=root remote=10.0.0.1"
                + " action=cancel result=200\"}";

        HttpResponse<String> response = http.postJson("/api/gateway/drain", HttpFixture.ADMIN, forged);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(audit.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain("\n").doesNotContain("principal=root")
                    .contains("action=-", "result=400");
        });
    }
}
