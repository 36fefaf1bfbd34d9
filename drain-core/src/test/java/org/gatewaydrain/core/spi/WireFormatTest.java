package org.gatewaydrain.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private static final Instant AT = Instant.parse("2026-06-27T11:22:03.123456Z");
    private static final Staleness NO_LIMIT = Staleness.of(Duration.ZERO, java.time.Clock.fixed(AT, ZoneOffset.UTC));

    @Test
    void request_isWrittenWithTheReferenceFieldNamesAndTimestampShape() {
        DrainRequest request = DrainRequest.of("nas", AT).withReason("patch").withEpoch("boot:1")
                .withExpiresAt(AT.plusSeconds(60));

        assertThat(WireFormat.encodeRequest(request)).containsExactly(
                Map.entry("action", "drain"),
                Map.entry("requested_at", "2026-06-27T11:22:03.123456+00:00"),
                Map.entry("principal", "nas"),
                Map.entry("reason", "patch"),
                Map.entry("expires_at", "2026-06-27T11:23:03.123456+00:00"),
                Map.entry("epoch", "boot:1"),
                Map.entry("suppress_notification", false));
    }

    @Test
    void request_roundTripsEveryField() {
        DrainRequest request = DrainRequest.of("nas", AT).withReason("patch").withEpoch("boot:1")
                .withExpiresAt(AT.plusSeconds(60)).withSuppressNotification(true);

        assertThat(WireFormat.decodeRequest(WireFormat.encodeRequest(request), Instant.EPOCH).judge(NO_LIMIT))
                .isEqualTo(new DrainSignal.Present(request));
    }

    @Test
    void aDeadlineAndGrace_areWrittenOnlyWhenSet_andRoundTrip() {
        DrainRequest plain = DrainRequest.of("nas", AT);
        DrainRequest timed = plain.withPolicy(new DrainPolicy(Optional.of(AT.plusSeconds(600)), OnDeadline.STOP,
                Duration.ofSeconds(120)));

        assertThat(WireFormat.encodeRequest(plain)).doesNotContainKeys("deadline_at", "on_deadline", "session_grace_seconds");
        assertThat(WireFormat.encodeRequest(timed)).containsEntry("deadline_at", "2026-06-27T11:32:03.123456+00:00")
                .containsEntry("on_deadline", "stop").containsEntry("session_grace_seconds", 120L);
        assertThat(WireFormat.decodeRequest(WireFormat.encodeRequest(timed), Instant.EPOCH).judge(NO_LIMIT))
                .isEqualTo(new DrainSignal.Present(timed));
        // The reference's client reads only the fields it knows: to it, the timed request is the plain one.
        Map<String, Object> asTheReferenceReadsIt = new java.util.LinkedHashMap<>(WireFormat.encodeRequest(timed));
        asTheReferenceReadsIt.keySet().removeAll(List.of("deadline_at", "on_deadline", "session_grace_seconds"));
        assertThat(asTheReferenceReadsIt).containsExactlyEntriesOf(WireFormat.encodeRequest(plain));
    }

    @Test
    void aPolicyReadFromElsewhere_errsTowardThePlainDrain() {
        Map<String, Object> fields = new HashMap<>(Map.of("action", "drain", "principal", "nas"));
        fields.put("deadline_at", "tomorrow");
        fields.put("on_deadline", "explode");
        fields.put("session_grace_seconds", -5);

        DrainRequest read = ((DrainSignal.Present) WireFormat.decodeRequest(fields, AT).judge(NO_LIMIT)).request();
        assertThat(read.policy()).isEqualTo(DrainPolicy.NONE);

        fields.put("deadline_at", "2026-06-27T12:00:00+00:00");
        fields.put("session_grace_seconds", 1e12);
        read = ((DrainSignal.Present) WireFormat.decodeRequest(fields, AT).judge(NO_LIMIT)).request();
        assertThat(read.policy().onDeadline()).as("an unknown action never stops a gateway").isEqualTo(OnDeadline.INTERRUPT);
        assertThat(read.policy().sessionGrace()).as("bounded").isEqualTo(DrainPolicy.MAX_GRACE);
        assertThat(read.policy().deadlineAt()).contains(Instant.parse("2026-06-27T12:00:00Z"));
    }

    @Test
    void wrongTypes_countAsMissing_andUnknownFieldsAreIgnored() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("action", "drain");
        fields.put("requested_at", 12345);
        fields.put("principal", 7);
        fields.put("suppress_notification", "true");
        fields.put("platform", "telegram");

        DrainSignal signal = WireFormat.decodeRequest(fields, AT).judge(NO_LIMIT);

        assertThat(signal).isInstanceOfSatisfying(DrainSignal.Present.class, present -> {
            assertThat(present.request().requestedAt()).isEqualTo(AT);
            assertThat(present.request().principal()).isEqualTo("unknown");
            assertThat(present.request().suppressNotification()).isFalse();
        });
    }

    @Test
    void anotherAction_isUnreadable_butAMissingActionIsADrain() {
        assertThat(WireFormat.decodeRequest(Map.of("action", "cancel"), AT).judge(NO_LIMIT))
                .isInstanceOfSatisfying(DrainSignal.Unreadable.class, u -> assertThat(u.why()).contains("\"cancel\""));
        assertThat(WireFormat.decodeRequest(Map.of("principal", "nas"), AT).judge(NO_LIMIT))
                .isInstanceOf(DrainSignal.Present.class);
    }

    @Test
    void timestamps_acceptOffsetsZuluSpacesAndNaiveUtc() {
        assertThat(WireFormat.parseInstant("2026-06-27T13:22:03+02:00")).contains(Instant.parse("2026-06-27T11:22:03Z"));
        assertThat(WireFormat.parseInstant("2026-06-27T11:22:03Z")).contains(Instant.parse("2026-06-27T11:22:03Z"));
        assertThat(WireFormat.parseInstant("2026-06-27 11:22:03")).contains(Instant.parse("2026-06-27T11:22:03Z"));
        assertThat(WireFormat.parseInstant("yesterday")).isEmpty();
    }

    @Test
    void status_roundTripsEveryField() {
        RuntimeStatus status = new RuntimeStatus(4242, "gateway", "gw-1", "host-a", AT, GatewayState.DRAINING, 3,
                Optional.of(new RuntimeStatus.Drain("ops", AT.plusSeconds(5), Optional.of("patch"),
                        Optional.of(AT.plusSeconds(600)), AT.plusSeconds(1), Optional.of("fleet"),
                        new DrainPolicy(Optional.of(AT.plusSeconds(300)), OnDeadline.INTERRUPT, Duration.ofSeconds(120)),
                        Optional.of(new RuntimeStatus.Grace(AT.plusSeconds(100), 2)),
                        Optional.of(new RuntimeStatus.DeadlinePassed(AT.plusSeconds(301), OnDeadline.INTERRUPT, 3)), true)),
                Optional.of(new RuntimeStatus.IgnoredDrain("old", AT.minusSeconds(7200), StaleReason.MAX_AGE)),
                ChannelHealth.DEGRADED, Optional.of("SIGTERM"), AT.plusSeconds(9),
                Optional.of(java.net.URI.create("http://gw-1.example:18080")),
                new RuntimeStatus.Blockers(List.of(new RuntimeStatus.TurnInFlight("alice", AT.minusSeconds(30), false),
                        new RuntimeStatus.TurnInFlight("cron", AT.minusSeconds(2), true)),
                        Optional.of(AT.minusSeconds(30)), Optional.of(AT.plusSeconds(40))));

        assertThat(WireFormat.decodeStatus(WireFormat.encodeStatus(status))).contains(status);
    }

    @Test
    void turnsInFlight_readFromElsewhere_areBounded_andWhatIsNoTurnIsLeftOut() {
        List<Object> turns = new java.util.ArrayList<>();
        turns.add("not a turn");
        turns.add(Map.of("session", "no start"));
        for (int i = 0; i < 5_000; i++) {
            turns.add(Map.of("session", "s" + i, "started_at", "2026-06-27T11:22:03Z", "internal", false));
        }

        RuntimeStatus status = WireFormat.decodeStatus(Map.of("gateway_state", "draining", "turns", turns)).orElseThrow();

        assertThat(status.blockers().turns()).hasSize(WireFormat.MAX_TURNS_READ - 2)
                .allSatisfy(turn -> assertThat(turn.session()).startsWith("s"));
    }

    @Test
    void aUrlNotOfTheGatewayUrlShape_readsAsNone() {
        for (String claimed : new String[] {"file:///etc/passwd", "http://h:1/$(reboot)", "http://user@h:1",
                "http://h", "http://-h:1", "http://h:1?x=1", "http://h:1\n", 42 + ""}) {
            assertThat(WireFormat.decodeStatus(Map.of("gateway_state", "running", "url", claimed)))
                    .as(claimed).hasValueSatisfying(s -> assertThat(s.url()).isEmpty());
        }
        assertThat(WireFormat.decodeStatus(Map.of("gateway_state", "running", "url", 42)))
                .hasValueSatisfying(s -> assertThat(s.url()).isEmpty());
        assertThat(WireFormat.decodeStatus(Map.of("gateway_state", "running", "url", "https://[::1]:8443")))
                .hasValueSatisfying(s -> assertThat(s.url()).contains(java.net.URI.create("https://[::1]:8443")));
    }

    @Test
    void statusWithoutAValidStateOrCount_isNotAStatus() {
        assertThat(WireFormat.decodeStatus(Map.of("gateway_state", "exploded"))).isEmpty();
        assertThat(WireFormat.decodeStatus(Map.of("gateway_state", "running", "active_agents", -1))).isEmpty();
        assertThat(WireFormat.decodeStatus(Map.of("gateway_state", "running", "active_agents", 1.5))).isEmpty();
        assertThat(WireFormat.decodeStatus(Map.of("gateway_state", "running"))).isPresent();
    }
}
