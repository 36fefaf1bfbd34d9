package org.gatewaydrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.RuntimeStatus;
import org.junit.jupiter.api.Test;

/**
 * The session grace's edges that the model-based properties do not reach: the bound on what is
 * remembered, the grace turned off, a configured maximum, and what the status shows of it.
 */
class SessionGraceTest extends StartedGatewayTest {

    /** Runs one turn of each session to its end. */
    private void converse(Gateway gateway, String... sessions) {
        for (String session : sessions) {
            assertThat(gateway.handle(MessageEvent.external(session, "hi"))).isInstanceOf(Admission.Accepted.class);
            fixture.handler.finish(fixture.handler.started() - 1, "hello");
        }
        // An end is dated when the status next publishes (within its settle window): now, before the clock moves.
        gateway.flushStatus();
    }

    private void drainWithGrace(Gateway gateway, Duration grace) {
        fixture.channel.request(fixture.request("ops").withPolicy(DrainPolicy.NONE.withSessionGrace(grace)));
        gateway.reconcile();
    }

    private long admitted(Gateway gateway, String... sessions) {
        long count = 0;
        for (String session : sessions) {
            if (gateway.handle(MessageEvent.external(session, "again")) instanceof Admission.Accepted) {
                count++;
                fixture.handler.finish(fixture.handler.started() - 1, "ok");
            }
        }
        return count;
    }

    @Test
    void pastTheBound_aConversationCountsAsNotInProgress_erringTowardDraining() {
        Gateway gateway = start(GatewayFixture.PUSH_ONLY.withGraceSessions(3));
        String[] sessions = {"s1", "s2", "s3", "s4", "s5", "s6"};
        converse(gateway, sessions);
        drainWithGrace(gateway, Duration.ofMinutes(2));

        assertThat(gateway.status().drain().orElseThrow().sessionsInGrace()).isBetween(1, 3);
        assertThat(admitted(gateway, sessions)).as("at most the bound").isBetween(1L, 3L);
        assertThat(admitted(gateway, "s6")).as("the latest conversation is remembered").isEqualTo(1);
    }

    @Test
    void withNothingKept_aGraceLetsNoOneIn_andTheDrainIsThePlainOne() {
        Gateway gateway = start(GatewayFixture.PUSH_ONLY.withGraceSessions(0));
        converse(gateway, "alice");
        drainWithGrace(gateway, Duration.ofMinutes(2));

        assertThat(admitted(gateway, "alice")).isZero();
        assertThat(gateway.status().quiesced()).isTrue();
    }

    @Test
    void theStatusShowsHowManyAreInGraceAndUntilWhen_andQuiescesWhenTheLastGraceEnds() throws Exception {
        Gateway gateway = start(GatewayFixture.PUSH_ONLY);
        converse(gateway, "alice");
        Instant aliceEnded = fixture.clock.instant();
        fixture.clock.advance(Duration.ofSeconds(30));
        converse(gateway, "bob");
        Instant bobEnded = fixture.clock.instant();
        drainWithGrace(gateway, Duration.ofMinutes(1));

        RuntimeStatus.Grace grace = gateway.status().drain().orElseThrow().grace().orElseThrow();
        assertThat(grace.sessions()).isEqualTo(2);
        assertThat(grace.endsAt()).isEqualTo(bobEnded.plus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(gateway.status().quiesced()).isFalse();
        assertThat(gateway.handle(MessageEvent.external("carol", "new here"))).isInstanceOf(Admission.Refused.class);
        assertThat(gateway.handle(MessageEvent.internal("replay", "resume"))).as("internal events bypass, grace or not")
                .isInstanceOf(Admission.Accepted.class);
        fixture.handler.finish(fixture.handler.started() - 1, "done");

        fixture.clock.set(aliceEnded.plus(Duration.ofMinutes(1)).plusMillis(1));
        gateway.checkTime();
        assertThat(gateway.status().drain().orElseThrow().sessionsInGrace()).as("alice's grace is over").isEqualTo(1);
        assertThat(admitted(gateway, "alice")).isZero();

        var quiesced = gateway.onQuiesced();
        fixture.clock.set(bobEnded.plus(Duration.ofMinutes(1)).plusMillis(1));
        gateway.checkTime();
        assertThat(quiesced.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.status().drain().orElseThrow().grace()).isEqualTo(Optional.empty());
    }

    @Test
    void withoutADeadline_theGraceEndsAtTheConfiguredMaximum() {
        Gateway gateway = start(GatewayFixture.PUSH_ONLY.withGraceMax(Optional.of(Duration.ofSeconds(90))));
        converse(gateway, "alice");
        drainWithGrace(gateway, Duration.ofMinutes(1));

        for (int i = 0; i < 2; i++) {
            fixture.clock.advance(Duration.ofSeconds(40));
            assertThat(admitted(gateway, "alice")).as("turn %d, within the grace and before the maximum", i).isEqualTo(1);
        }
        fixture.clock.advance(Duration.ofSeconds(10));
        assertThat(admitted(gateway, "alice")).as("at 90 s the grace is over whatever the pauses").isZero();
    }
}
