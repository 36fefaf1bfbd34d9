package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.OnDeadline;
import org.junit.jupiter.api.Test;

/**
 * The reference's rule for telling users: a notice for each session whose turn is about to be
 * interrupted, never suppressed; one broadcast as the gateway begins to stop with turns in
 * flight, skipped only when the drain being honoured asked for quiet. A notifier that throws or
 * hangs never holds up shutdown.
 */
class NotifierTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    /** Remembers what it was told. */
    private static final class Told implements Notifier {
        final List<Notice> notices = new CopyOnWriteArrayList<>();

        @Override
        public void sessionNotice(Notice.Session notice) {
            notices.add(notice);
        }

        @Override
        public void broadcast(Notice.Broadcast notice) {
            notices.add(notice);
        }
    }

    @Test
    void stoppingUnderAQuietDrain_tellsTheSessionWhoseTurnIsInterrupted_andBroadcastsNothing() {
        Told told = new Told();
        try (GatewayFixture fixture = GatewayFixture.withNotifier(GatewayFixture.PUSH_ONLY.withDrainTimeout(SHORT), told,
                Duration.ofSeconds(5))) {
            fixture.gateway.start();
            fixture.gateway.handle(MessageEvent.external("alice", "a long task"));
            fixture.gateway.handle(MessageEvent.internal("replay", "background"));
            fixture.channel.request(fixture.request("ops").withSuppressNotification(true));
            fixture.gateway.reconcile();

            fixture.gateway.shutdown(SHORT, "SIGTERM");

            assertThat(told.notices).singleElement().isInstanceOfSatisfying(Notice.Session.class, notice -> {
                assertThat(notice.session()).isEqualTo("alice");
                assertThat(notice.cause()).isEqualTo(Notice.Cause.SHUTDOWN);
                assertThat(notice.text()).contains("your current task will be interrupted");
            });
        }
    }

    @Test
    void stoppingWithoutTheFlag_broadcastsOnce_andTellsTheSession() {
        Told told = new Told();
        try (GatewayFixture fixture = GatewayFixture.withNotifier(GatewayFixture.PUSH_ONLY.withDrainTimeout(SHORT), told,
                Duration.ofSeconds(5))) {
            fixture.gateway.start();
            fixture.gateway.handle(MessageEvent.external("alice", "a long task"));
            fixture.channel.request(fixture.request("ops"));
            fixture.gateway.reconcile();

            fixture.gateway.shutdown(SHORT, "SIGTERM");

            assertThat(told.notices).hasSize(2);
            assertThat(told.notices.get(0)).isInstanceOfSatisfying(Notice.Broadcast.class,
                    broadcast -> assertThat(broadcast.turnsInFlight()).isEqualTo(1));
            assertThat(told.notices.get(1)).isInstanceOf(Notice.Session.class);
        }
    }

    @Test
    void aStaleRequestAskingForQuiet_silencesNothing() {
        Told told = new Told();
        try (GatewayFixture fixture = GatewayFixture.withNotifier(GatewayFixture.PUSH_ONLY.withDrainTimeout(SHORT), told,
                Duration.ofSeconds(5))) {
            fixture.gateway.start();
            fixture.gateway.handle(MessageEvent.external("alice", "a long task"));
            fixture.channel.request(fixture.request("ops").withSuppressNotification(true)
                    .withExpiresAt(fixture.clock.instant().plusSeconds(1)));
            fixture.clock.advance(Duration.ofSeconds(2));
            fixture.gateway.reconcile();

            fixture.gateway.shutdown(SHORT, "SIGTERM");

            assertThat(told.notices).hasAtLeastOneElementOfType(Notice.Broadcast.class);
        }
    }

    @Test
    void anInterruptDeadline_tellsEachSessionItInterrupts() {
        Told told = new Told();
        try (GatewayFixture fixture = GatewayFixture.withNotifier(GatewayFixture.PUSH_ONLY, told, Duration.ofSeconds(5))) {
            fixture.gateway.start();
            fixture.gateway.handle(MessageEvent.external("alice", "a long task"));
            fixture.gateway.handle(MessageEvent.external("bob", "another"));
            fixture.channel.request(fixture.request("ops").withSuppressNotification(true).withPolicy(
                    DrainPolicy.deadline(fixture.clock.instant().plusSeconds(60), OnDeadline.INTERRUPT)));
            fixture.gateway.reconcile();
            fixture.clock.advance(Duration.ofSeconds(60));
            fixture.gateway.reconcile();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> told.notices.size() == 2);
            assertThat(told.notices).allSatisfy(notice -> assertThat(notice).isInstanceOfSatisfying(Notice.Session.class,
                    session -> assertThat(session.cause()).isEqualTo(Notice.Cause.DEADLINE)));
            assertThat(told.notices).extracting(notice -> ((Notice.Session) notice).session())
                    .containsExactlyInAnyOrder("alice", "bob");
        }
    }

    @Test
    void aNotifierThatHangsOrThrows_neverHoldsShutdownPastTheDrainTimeout() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        Notifier stuck = new Notifier() {
            @Override
            public void broadcast(Notice.Broadcast notice) {
                throw new IllegalStateException("chat service down");
            }

            @Override
            public void sessionNotice(Notice.Session notice) {
                hung.countDown();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // Hangs on purpose, deaf to interrupts, as a broken notifier might.
                    }
                }
            }
        };
        GatewayFixture fixture = GatewayFixture.withNotifier(GatewayFixture.PUSH_ONLY, stuck, Duration.ofSeconds(30));
        fixture.gateway.start();
        fixture.gateway.handle(MessageEvent.external("alice", "a long task"));

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> fixture.gateway.shutdown(Duration.ofSeconds(2),
                "SIGTERM"));

        assertThat(hung.await(10, TimeUnit.SECONDS)).as("the session notice was attempted").isTrue();
        // Bounded by the drain timeout (2 s) and the gateway's housekeeping; the notifier's own 30 s never counts.
        shutdown.get(15, TimeUnit.SECONDS);
        assertThat(fixture.gateway.status().state()).isEqualTo(org.gatewaydrain.core.GatewayState.STOPPED);
    }
}
