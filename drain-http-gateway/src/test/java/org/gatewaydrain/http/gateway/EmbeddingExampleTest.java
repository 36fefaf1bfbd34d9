package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.MessageEvent;
import org.gatewaydrain.runtime.TurnHandler;
import org.gatewaydrain.transport.file.FileTransportProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/embedding.md, run as written: an embedder's gateway with its own agent and its own Javalin app. */
class EmbeddingExampleTest {

    /** One client for the class: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path home;

    private final String secret = "an-example-secret-0123456789-abcdefgh";

    @Test
    void theEmbeddingExample_drainsAndResumesThroughTheMountedRoutes() throws Exception {
        // docs:embedding:start
        // 1. Open the default transport in a home folder, through its provider.
        DrainTransport transport = new FileTransportProvider()
                .open(TransportSettings.builder().home(home).build());

        // 2. Your agent: called once per admitted turn; complete the stage with the reply.
        TurnHandler agent = event -> CompletableFuture.supplyAsync(() -> "you said: " + event.text());

        // 3. Build and start the gateway: it reads the channel before it admits anything.
        Gateway gateway = Gateway.builder()
                .transport(transport)
                .turnHandler(agent)
                .instanceId("my-gateway")
                .start();

        // 4. Mount the control routes and the ingress route in your own Javalin app.
        DrainRoutes drainRoutes = GatewayHttp.routes(gateway, transport)
                .authenticator(TokenAuthenticator.of(List.of(TokenGrant.sharedSecret("ops", secret))))
                .build();
        Javalin app = Javalin.create(config -> {
            drainRoutes.install(config);
            config.routes.get("/hello", ctx -> ctx.result("my own route"));
        }).start("127.0.0.1", 0);

        // 5. Your own ingress hands every message to the gateway; handle() never blocks.
        Admission admission = gateway.handle(MessageEvent.external("alice", "hello"));
        if (admission instanceof Admission.Refused refused) {
            System.out.println("tell the sender: " + refused.immediateReply());
        }
        // docs:embedding:end

        try {
            assertThat(admission).isInstanceOfSatisfying(Admission.Accepted.class, accepted -> assertThat(
                    accepted.reply().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo("you said: hello"));
            HttpClient client = CLIENT;
            URI base = URI.create("http://127.0.0.1:" + app.port());
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("my own route");

            HttpResponse<String> drained = client.send(HttpRequest.newBuilder(base.resolve("/api/gateway/drain"))
                    .header("Authorization", "Bearer " + secret).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(drained.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.status().state() == GatewayState.DRAINING);
            assertThat(gateway.handle(MessageEvent.external("bob", "hi"))).isInstanceOf(Admission.Refused.class);
            assertThat(gateway.awaitQuiesced(Duration.ofSeconds(10))).isTrue();

            transport.channel().cancel();
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.status().state() == GatewayState.RUNNING);
        } finally {
            app.stop();
            drainRoutes.close();
            gateway.shutdown();
            transport.close();
        }
    }
}
