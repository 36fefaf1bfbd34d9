package org.gatewaydrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transport the server's code never names (the memory transport, on this module's test
 * classpath only) is selected by configuration alone, and both the gateway and the CLI use it:
 * adding a transport is one module and one dependency line.
 */
class TransportPluginTest {

    /** One client for the class: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void aTransportFoundOnTheClasspath_servesTheGatewayAndTheCli_selectedByConfigurationAlone() throws Exception {
        String space = "plugin-" + UUID.randomUUID();
        // The memory transport keeps a fleet's requests: the CLI's own request is the request of the instance it names.
        Map<String, String> env = Map.of("GATEWAY_HOME", home.toString(), "GATEWAY_TRANSPORT", "memory",
                "GATEWAY_MEMORY_SPACE", space, "GATEWAY_DEMO_TURN_DELAY", "10ms", "GATEWAY_INSTANCE_ID", "plugged-in");
        ServerConfig config = ConfigLoader.load(Optional.empty(), env, Map.of("port", "0"));
        GatewayServer server = new RunCommand().start(config, TokenSetup.authenticator(config, env, line -> { }));
        try {
            StringWriter out = new StringWriter();
            int code = Main.run(new String[] {"drain", "--reason", "plug-in", "--principal", "ops"}, env,
                    new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
            assertThat(code).isZero();
            assertThat(out.toString()).contains("the memory transport", "the gateway is draining");

            String token = Files.readString(home.resolve(TokenSetup.TOKEN_FILE)).strip();
            HttpResponse<String> status = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/gateway/status"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).contains("\"gateway_state\":\"draining\"", "\"reason\":\"plug-in\"");
            assertThat(home.resolve(FileDrainChannel.MARKER_FILE)).as("no file transport involved").doesNotExist();

            Main.run(new String[] {"cancel"}, env, new PrintWriter(new StringWriter(), true),
                    new PrintWriter(new StringWriter(), true));
            await().atMost(Duration.ofSeconds(10)).until(() -> CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        } finally {
            server.stop("test over");
        }
    }
}
