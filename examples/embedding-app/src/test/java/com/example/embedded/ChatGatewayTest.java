package com.example.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.client.DrainAnswer;
import org.gatewaydrain.client.DrainOrder;
import org.gatewaydrain.client.HttpControlClient;
import org.gatewaydrain.client.StatusWatch;
import org.gatewaydrain.client.Until;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.runtime.GatewayListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding application, run as a team would: drained and resumed from outside with the requester's library. */
class ChatGatewayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "an-example-secret-0123456789-abcdefgh";

    @TempDir
    Path home;

    private static HttpResponse<String> chat(int port, String session, String text) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat?session=" + session))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApp_servesItsOwnIngress_andIsDrainedWaitedOnAndResumedFromOutside() throws Exception {
        try (ChatGateway app = ChatGateway.start(home, SECRET, 0)) {
            int port = app.port();
            assertThat(chat(port, "alice", "hello").body()).isEqualTo("you said: hello");

            // docs:requester:start
            try (ControlClient client = new HttpControlClient(URI.create("http://127.0.0.1:" + port), SECRET)) {
                DrainAnswer answer = client.drain(DrainOrder.of("kernel patch"));
                // ... the gateway starts no new turn from here; the ones in flight finish.
                StatusWatch.Outcome<Until.Quiesce> quiet = StatusWatch.await(client, DrainTarget.OWN,
                        Until.quiesced(DrainTarget.OWN), Clock.systemUTC(), Duration.ofMinutes(5),
                        StatusWatch.Pace.DEFAULT, look -> { });
                // ... the maintenance, once quiet is Met(QUIESCED) ...
                client.cancel(DrainTarget.OWN);
                // docs:requester:end

                assertThat(answer.draining()).isTrue();
                assertThat(answer.principal()).isEqualTo("ops");
                assertThat(quiet).isEqualTo(new StatusWatch.Outcome.Met<>(Until.Quiesce.QUIESCED));
                StatusWatch.Outcome<?> running = StatusWatch.await(client, DrainTarget.OWN, Until.running(DrainTarget.OWN),
                        Clock.systemUTC(), Duration.ofSeconds(30), StatusWatch.Pace.DEFAULT, look -> { });
                assertThat(running).isInstanceOf(StatusWatch.Outcome.Met.class);
            }
            assertThat(app.gateway().status().state()).isEqualTo(GatewayState.RUNNING);
            assertThat(chat(port, "bob", "back").body()).isEqualTo("you said: back");
        }
    }

    @Test
    void stoppingWithATurnInFlight_theNotifierTellsThatUser_andTheHomeChannel() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (ChatGateway app = ChatGateway.start(home, SECRET, 0, (to, text) -> sent.add(to + ": " + text))) {
            CountDownLatch inFlight = new CountDownLatch(1);
            app.gateway().addListener(new GatewayListener() {
                @Override
                public void activeTurnsChanged(int activeTurns) {
                    if (activeTurns == 1) {
                        inFlight.countDown();
                    }
                }
            });
            CompletableFuture<HttpResponse<String>> thinking = HTTP.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/chat?session=dave"))
                    .POST(HttpRequest.BodyPublishers.ofString("think: a long question")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

            app.gateway().shutdown(Duration.ofSeconds(1), "maintenance");

            assertThat(sent).containsExactly(
                    "#home: The gateway is going down for maintenance; 1 task(s) in progress may be interrupted."
                            + " It will be back shortly.",
                    "dave: The gateway is restarting: your current task will be interrupted. Send your message again in a moment.");
            assertThat(thinking.get(30, TimeUnit.SECONDS).statusCode()).as("the cut-short turn got an answer").isNotEqualTo(200);
        }
    }

    @Test
    void whileDrained_theOwnIngressRefusesNewTurns() throws Exception {
        try (ChatGateway app = ChatGateway.start(home, SECRET, 0);
                ControlClient client = new HttpControlClient(URI.create("http://127.0.0.1:" + app.port()), SECRET)) {
            assertThat(client.drain(DrainOrder.of("patch")).draining()).isTrue();

            HttpResponse<String> refused = chat(app.port(), "carol", "hi");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("draining");
        }
    }
}
