package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.http.Tokens;
import org.gatewaydrain.http.gateway.GatewayHttp;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayListener;
import org.gatewaydrain.runtime.RuntimeSettings;
import org.gatewaydrain.transport.zookeeper.ZooKeeperTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three gateways in this JVM on a three-server ZooKeeper ensemble (Curator's TestingCluster):
 * a fleet drain reaches every instance, an instance drain one; losing one server changes
 * nothing; losing quorum makes every instance hold its state and report degraded, with no
 * flip; when quorum returns they reconcile to what is stored, including requests written
 * while they could not see them.
 */
@Tag("slow")
class FleetClusterTest {

    /** One client for the class: the JDK's client cannot be closed on Java 17, so tests do not make one each. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "fleet-admin-token-0123456789abcdefghij";

    private TestingCluster cluster;
    private final List<DrainTransport> transports = new ArrayList<>();
    private final List<Gateway> gateways = new ArrayList<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private DrainTransport requester;
    private DrainHttpServer http;

    @BeforeEach
    void start() throws Exception {
        // Nine distinct loopback ports, held open together while they are chosen: an InstanceSpec left to pick its
        // own ports probes each alone, and two probes once returned the same port to two servers of one cluster.
        int[] ports = distinctFreePorts(9);
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            specs.add(new InstanceSpec(null, ports[3 * i], ports[3 * i + 1], ports[3 * i + 2], true, -1, 500, -1));
        }
        cluster = new TestingCluster(specs);
        cluster.start();
        for (int i = 1; i <= 3; i++) {
            DrainTransport transport = open("gw-" + i);
            Gateway gateway = Gateway.builder().transport(transport).instanceId("gw-" + i)
                    .turnHandler(event -> CompletableFuture.completedFuture("ok"))
                    .settings(RuntimeSettings.DEFAULTS.withReconcileInterval(Duration.ofMillis(500))).start();
            String name = "gw-" + i;
            gateway.addListener(new GatewayListener() {
                @Override
                public void stateChanged(GatewayState from, GatewayState to) {
                    transitions.add(name + ":" + to.wireName());
                }
            });
            gateways.add(gateway);
        }
        requester = open("ops");
        // A drain's answer says draining once every instance showed it; the wait only bounds a bug, so it is long.
        http = DrainHttpServer.start(GatewayHttp.routes(gateways.get(0), transports.get(0)).confirmWait(WAIT).authenticator(
                TokenAuthenticator.of(List.of(new TokenGrant("fleet-ops", Tokens.sha256(TOKEN), EnumSet.allOf(Scope.class)))))
                .build(), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        gateways.forEach(g -> g.shutdown(Duration.ZERO, "test over"));
        transports.forEach(DrainTransport::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int[] distinctFreePorts(int count) throws java.io.IOException {
        List<java.net.ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (java.net.ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private DrainTransport open(String instanceId) {
        DrainTransport transport = ZooKeeperTransport.builder().connect(cluster.getConnectString()).cluster("it")
                .instanceId(instanceId).sessionTimeout(Duration.ofSeconds(10)).open();
        transports.add(transport);
        return transport;
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        return LiveApi.JSON.readTree(CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http.port() + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private void awaitAll(GatewayState state, ChannelHealth health) {
        await().atMost(WAIT).until(() -> gateways.stream().allMatch(g -> g.status().state() == state
                && g.status().controlChannel() == health));
    }

    @Test
    void aFleetDrainOverHttp_reachesEveryInstance_andTheFleetStatusShowsItQuiesced() throws Exception {
        HttpResponse<String> answer = post("/api/gateway/drain", "{\"scope\":\"fleet\",\"reason\":\"fleet patch\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(LiveApi.JSON.readTree(answer.body()).path("scope").asText()).isEqualTo("fleet");
        assertThat(LiveApi.JSON.readTree(answer.body()).path("draining").asBoolean())
                .as("the answer waits for every live instance to show the fleet drain").isTrue();
        assertThat(gateways).allSatisfy(g -> assertThat(g.status().state()).isEqualTo(GatewayState.DRAINING));
        awaitAll(GatewayState.DRAINING, ChannelHealth.OK);
        assertThat(gateways).allSatisfy(g -> assertThat(g.status().drain()).hasValueSatisfying(d -> {
            assertThat(d.scope()).contains("fleet");
            assertThat(d.reason()).contains("fleet patch");
        }));
        await().atMost(WAIT).until(() -> get("/api/fleet/status").path("quiesced").asBoolean());
        JsonNode fleet = get("/api/fleet/status");
        assertThat(fleet.path("live").asInt()).isEqualTo(3);
        assertThat(fleet.path("instances")).extracting(s -> s.path("instance_id").asText())
                .containsExactly("gw-1", "gw-2", "gw-3");

        assertThat(post("/api/gateway/drain", "{\"action\":\"cancel\",\"scope\":\"fleet\"}").statusCode()).isEqualTo(200);
        awaitAll(GatewayState.RUNNING, ChannelHealth.OK);
    }

    @Test
    void anInstanceDrainOverHttp_drainsThatInstanceOnly_andIsConfirmedFromItsStatus() throws Exception {
        HttpResponse<String> answer = post("/api/gateway/drain", "{\"scope\":\"instance\",\"instance_id\":\"gw-2\"}");

        JsonNode body = LiveApi.JSON.readTree(answer.body());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(body.path("instance_id").asText()).isEqualTo("gw-2");
        await().atMost(WAIT).until(() -> gateways.get(1).status().state() == GatewayState.DRAINING);
        assertThat(gateways.get(0).status().state()).isEqualTo(GatewayState.RUNNING);
        assertThat(gateways.get(2).status().state()).isEqualTo(GatewayState.RUNNING);
        assertThat(body.path("draining").asBoolean()).as("confirmed from gw-2's own status").isTrue();
    }

    @Test
    void withOneServerStopped_aFleetDrainAndCancelStillWork() throws Exception {
        cluster.killServer(cluster.getInstances().iterator().next());

        requester.channel().request(DrainRequest.of("ops", Instant.now()), DrainTarget.FLEET);
        awaitAll(GatewayState.DRAINING, ChannelHealth.OK);
        requester.channel().cancel(DrainTarget.FLEET);
        awaitAll(GatewayState.RUNNING, ChannelHealth.OK);
    }

    @Test
    void withQuorumLost_everyInstanceHoldsAndReportsDegraded_andWhenItReturnsReconcilesToWhatIsStored() throws Exception {
        List<InstanceSpec> servers = new ArrayList<>(cluster.getInstances());
        requester.channel().request(DrainRequest.of("ops", Instant.now()), DrainTarget.FLEET);
        awaitAll(GatewayState.DRAINING, ChannelHealth.OK);
        transitions.clear();

        cluster.killServer(servers.get(0));
        cluster.killServer(servers.get(1));
        awaitAll(GatewayState.DRAINING, ChannelHealth.DEGRADED);
        assertThat(transitions).as("no instance flipped while it could not see the channel").isEmpty();

        // Quorum back: a cancel written as soon as it takes reaches instances still reconnecting.
        cluster.restartServer(servers.get(0));
        retryUntilWritten(() -> requester.channel().cancel(DrainTarget.FLEET));
        awaitAll(GatewayState.RUNNING, ChannelHealth.OK);

        transitions.clear();
        cluster.killServer(servers.get(0));
        awaitAll(GatewayState.RUNNING, ChannelHealth.DEGRADED);
        assertThat(transitions).isEmpty();
        cluster.restartServer(servers.get(1));
        retryUntilWritten(() -> requester.channel().request(DrainRequest.of("ops", Instant.now()), DrainTarget.FLEET));
        awaitAll(GatewayState.DRAINING, ChannelHealth.OK);
    }

    /** An operator's retry: the requester's own session needs a moment to find the restored quorum. */
    private static void retryUntilWritten(Runnable write) {
        await().atMost(WAIT).until(() -> {
            try {
                write.run();
                return true;
            } catch (DrainControlException notYet) {
                return false;
            }
        });
    }
}
