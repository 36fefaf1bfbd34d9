package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.gatewaydrain.client.TransportFeed;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.StaleRequestLog;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.http.Json;
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
    /** One client for the class: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path home;

    /** A gateway on the home and a control plane in a sibling container, each with its own epoch; closes all of it. */
    private final class Sidecar implements AutoCloseable {
        final DrainControlChannel gatewayChannel;
        final RuntimeStatusStore gatewayStore;
        final Gateway gateway;
        final DrainControlChannel sibling;
        final RuntimeStatusStore siblingStore;
        final TransportFeed status;
        final DrainHttpServer controlPlane;

        Sidecar(String gatewayScope) {
            gatewayChannel = FileDrainChannel.builder().home(home).epoch("boot-1:container-a").epochScope(gatewayScope)
                    .build();
            gatewayStore = FileStatusStore.open(home);
            gateway = Gateway.builder().transport(DrainTransport.of(gatewayChannel, gatewayStore))
                    .turnHandler(new TestTurns()).start();
            sibling = FileDrainChannel.builder().home(home).epoch("boot-1:container-b").build();
            siblingStore = FileStatusStore.open(home);
            status = new TransportFeed(siblingStore);
            // The answer comes as soon as the gateway shows the drain (or ignores it); the wait only bounds a bug.
            controlPlane = DrainHttpServer.start(DrainRoutes.builder().channel(sibling).status(status)
                    .authenticator(HttpFixture.authenticator()).confirmWait(Duration.ofSeconds(20)).build(),
                    "127.0.0.1", 0);
        }

        JsonNode drain() throws Exception {
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + controlPlane.port() + "/api/gateway/drain"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"from the sidecar\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            return Json.MAPPER.readTree(answer.body());
        }

        @Override
        public void close() {
            controlPlane.close();
            status.close();
            sibling.close();
            siblingStore.close();
            gateway.shutdown(Duration.ZERO, "test over");
            gatewayChannel.close();
            gatewayStore.close();
        }
    }

    @Test
    void instanceScope_ignoresTheSiblingsDrain_andSaysSoInTheAnswerTheStatusAndTheLogOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(StaleRequestLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Sidecar sidecar = new Sidecar("instance")) {
            JsonNode answer = sidecar.drain();

            assertThat(answer.path("ignored").asText()).isEqualTo("epoch");
            assertThat(answer.path("draining").asBoolean()).isFalse();
            assertThat(sidecar.gateway.status().state()).isEqualTo(GatewayState.RUNNING);
            assertThat(sidecar.gateway.status().drainIgnored()).hasValueSatisfying(ignored -> {
                assertThat(ignored.principal()).isEqualTo("admin");
                assertThat(ignored.why().wireName()).isEqualTo("epoch");
            });
            sidecar.gateway.reconcile();
            sidecar.gateway.reconcile();
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.contains("by admin")).singleElement().asString().contains("(epoch)");
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void hostScope_honoursTheSiblingsDrain() throws Exception {
        try (Sidecar sidecar = new Sidecar("host")) {
            JsonNode answer = sidecar.drain();

            assertThat(answer.has("ignored")).isFalse();
            assertThat(answer.path("draining").asBoolean()).isTrue();
            assertThat(sidecar.gateway.status().state()).isEqualTo(GatewayState.DRAINING);
            assertThat(sidecar.gateway.status().drain()).hasValueSatisfying(d -> assertThat(d.reason()).contains("from the sidecar"));
        }
    }
}
