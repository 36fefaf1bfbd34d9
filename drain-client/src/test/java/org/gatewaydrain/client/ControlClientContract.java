package org.gatewaydrain.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ControlClient} answers alike, whether it talks to the transport or to a
 * server's HTTP API: a subclass hands out a client on a running gateway and a way to hold that
 * gateway's turns. Nothing above the client needs to know which one it holds.
 */
public abstract class ControlClientContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The gateway a contract test works on, and the client on it. */
    public interface Setup extends AutoCloseable {
        /** @return a client on the gateway; closed by the setup */
        ControlClient client();

        /** Starts a turn of {@code session} that lasts until {@link #finish}. */
        void turn(String session);

        /** Ends the turn of {@code session}. */
        void finish(String session);

        /** @return the gateway's own state, as it has it */
        GatewayState state();

        /** @return a client to where nothing answers (a stopped server, a store out of reach) */
        ControlClient unreachable();
    }

    private Setup setup;
    private ControlClient client;

    /** @return a running gateway and a client on it */
    protected abstract Setup setUp() throws Exception;

    @BeforeEach
    void open() throws Exception {
        setup = setUp();
        client = setup.client();
    }

    @AfterEach
    void close() throws Exception {
        setup.close();
    }

    @Test
    void aRunningGateway_readsPublishedLiveAndRunning() {
        await().atMost(WAIT).until(() -> client.status() instanceof StatusReading.Published);

        assertThat(client.status()).isInstanceOfSatisfying(StatusReading.Published.class, published -> {
            assertThat(published.live()).isTrue();
            assertThat(published.status().state()).isEqualTo(GatewayState.RUNNING);
            assertThat(published.status().instanceId()).isNotBlank();
        });
    }

    @Test
    void aDrain_isAnsweredConfirmed_isShownByTheGateway_andACancelUndoesIt() {
        DrainAnswer answer = client.drain(DrainOrder.of("contract"));

        assertThat(answer.draining()).as("confirmed").isTrue();
        assertThat(answer.ignored()).isEmpty();
        assertThat(answer.principal()).isNotBlank();
        assertThat(answer.target()).isEqualTo(DrainTarget.OWN);
        assertThat(setup.state()).isEqualTo(GatewayState.DRAINING);
        assertThat(client.status()).isInstanceOfSatisfying(StatusReading.Published.class,
                p -> assertThat(p.status().drain()).hasValueSatisfying(d -> assertThat(d.reason()).contains("contract")));

        assertThat(client.cancel(DrainTarget.OWN)).isTrue();
        await().atMost(WAIT).until(() -> setup.state() == GatewayState.RUNNING);
        assertThat(client.cancel(DrainTarget.OWN)).isFalse();
    }

    @Test
    void changes_areTold_andTheWatchSeesTheGatewayQuiesce() {
        setup.turn("contract-turn");
        AtomicInteger told = new AtomicInteger();
        try (Subscription ignored = client.onChange(told::incrementAndGet)) {
            client.drain(DrainOrder.of("wait for it"));
            await().atMost(WAIT).until(() -> told.get() > 0);

            java.util.concurrent.CompletableFuture<StatusWatch.Outcome<Until.Quiesce>> quiet =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> StatusWatch.await(client, DrainTarget.OWN,
                            Until.quiesced(DrainTarget.OWN), Clock.systemUTC(), WAIT, StatusWatch.Pace.DEFAULT, look -> { }));
            setup.finish("contract-turn");

            assertThat(quiet).succeedsWithin(WAIT)
                    .isEqualTo(new StatusWatch.Outcome.Met<>(Until.Quiesce.QUIESCED));
        }
    }

    @Test
    void theFleetAndTheRollout_agreeWithTheScopes() {
        if (client.scopes().contains(DrainTarget.Scopes.FLEET)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(client.fleet()).isInstanceOfSatisfying(
                    FleetReading.Instances.class, fleet -> assertThat(fleet.live()).isNotEmpty()));
        } else {
            assertThat(client.fleet()).isEqualTo(FleetReading.NOT_A_FLEET);
            assertThat(client.rollout()).isEmpty();
            assertThatThrownBy(() -> client.drain(DrainOrder.of("x").forTarget(DrainTarget.FLEET)))
                    .isInstanceOf(DrainControlException.class);
        }
    }

    @Test
    void whereNothingAnswers_readsAreUnknown_andWritesFailWithTheOneException() throws Exception {
        try (ControlClient away = setup.unreachable()) {
            assertThat(away.status()).isInstanceOf(StatusReading.Unknown.class);
            assertThatThrownBy(() -> away.drain(DrainOrder.of("nobody"))).isInstanceOf(DrainControlException.class);
            assertThat(away.where()).isNotBlank();
        }
    }

    /** @return whether {@code reading} names the instance, for subclasses' own checks */
    protected static Optional<String> instanceOf(StatusReading reading) {
        return reading.published().map(p -> p.status().instanceId());
    }
}
