package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.StaleRequestLog;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.http.Json;
import org.gatewaydrain.http.StatusSource;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.FileStatusStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A control plane in a sibling container writes a drain under its own epoch. A gateway that
 * compares whole epochs ({@code drain.epoch_scope: instance}) ignores it: the drain answer says
 * so, the status names it, the log says it once. With the default host scope it is honoured.
 */
class IgnoredDrainTest {

    private static final String ADMIN = HttpFixture.ADMIN;

    @TempDir
    Path home;

    private JsonNode drainThroughASiblingControlPlane(String gatewayScope, Gateway[] started) throws Exception {
        DrainControlChannel gatewayChannel = FileDrainChannel.builder().home(home).epoch("boot-1:container-a")
                .epochScope(gatewayScope).build();
        RuntimeStatusStore store = FileStatusStore.open(home);
        Gateway gateway = Gateway.builder().transport(DrainTransport.of(gatewayChannel, store)).turnHandler(new TestTurns())
                .start();
        started[0] = gateway;
        DrainControlChannel sibling = FileDrainChannel.builder().home(home).epoch("boot-1:container-b").build();
        try (StatusSource status = StatusSource.polling(FileStatusStore.open(home), Duration.ofMillis(20));
                DrainHttpServer controlPlane = DrainHttpServer.start(DrainRoutes.builder().channel(sibling).status(status)
                        .authenticator(HttpFixture.authenticator()).build(), "127.0.0.1", 0)) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + controlPlane.port() + "/api/gateway/drain"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"from the sidecar\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            return Json.MAPPER.readTree(answer.body());
        } finally {
            sibling.close();
        }
    }

    @Test
    void instanceScope_ignoresTheSiblingsDrain_andSaysSoInTheAnswerTheStatusAndTheLogOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(StaleRequestLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        Gateway[] gateway = new Gateway[1];
        try {
            JsonNode answer = drainThroughASiblingControlPlane("instance", gateway);

            assertThat(answer.path("ignored").asText()).isEqualTo("epoch");
            assertThat(answer.path("draining").asBoolean()).isFalse();
            assertThat(gateway[0].status().state()).isEqualTo(GatewayState.RUNNING);
            assertThat(gateway[0].status().drainIgnored()).hasValueSatisfying(ignored -> {
                assertThat(ignored.principal()).isEqualTo("admin");
                assertThat(ignored.why().wireName()).isEqualTo("epoch");
            });
            gateway[0].reconcile();
            gateway[0].reconcile();
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.contains("by admin")).singleElement().asString().contains("(epoch)");
        } finally {
            logger.detachAppender(logged);
            if (gateway[0] != null) {
                gateway[0].shutdown(Duration.ZERO, "test over");
            }
        }
    }

    @Test
    void hostScope_honoursTheSiblingsDrain() throws Exception {
        Gateway[] gateway = new Gateway[1];
        try {
            JsonNode answer = drainThroughASiblingControlPlane("host", gateway);

            assertThat(answer.has("ignored")).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway[0].status().state() == GatewayState.DRAINING);
            assertThat(gateway[0].status().drain()).hasValueSatisfying(d -> assertThat(d.reason()).contains("from the sidecar"));
        } finally {
            if (gateway[0] != null) {
                gateway[0].shutdown(Duration.ZERO, "test over");
            }
        }
    }

}
