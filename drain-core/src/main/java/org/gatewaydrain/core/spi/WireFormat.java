package org.gatewaydrain.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatewaydrain.core.ChannelHealth;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.GatewayUrl;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.WireNames;

/**
 * The field names and value shapes every transport writes, as plain ordered maps a JSON
 * library turns into text: the drain request (field for field the reference gateway's
 * marker) and the runtime status. Timestamps are ISO-8601 UTC with microseconds and an
 * explicit {@code +00:00}, as the reference writes them. Reading is lenient: unknown fields
 * are ignored, a field of the wrong type counts as missing, naive timestamps are UTC.
 * Stateless and thread-safe.
 */
public final class WireFormat {

    /** A date and a space where ISO-8601 has a {@code T}, as Python's {@code str(datetime)} writes it. */
    private static final Pattern SPACE_FOR_T = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) ");
    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private WireFormat() {
    }

    /** @return the instant as the reference writes it, e.g. {@code 2026-06-27T11:22:03.123456+00:00} */
    public static String formatInstant(Instant instant) {
        return CanonicalInstants.format(instant).orElseGet(() -> formatGeneral(instant));
    }

    /** The general formatter, which {@link CanonicalInstants} must agree with. */
    static String formatGeneral(Instant instant) {
        return WRITE.format(instant);
    }

    /**
     * @return the instant, or empty if {@code text} is not an ISO-8601 date-time; any offset
     *     or {@code Z}, a space for the {@code T}, and naive (UTC) times are accepted
     */
    public static Optional<Instant> parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<Instant> canonical = CanonicalInstants.parse(text);
        return canonical.isPresent() ? canonical : parseGeneral(text);
    }

    /** The general parser, which {@link CanonicalInstants} must agree with. */
    static Optional<Instant> parseGeneral(String text) {
        String iso = SPACE_FOR_T.matcher(text.trim()).replaceFirst("$1T");
        try {
            return Optional.of(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        }
    }

    /**
     * @return {@code action}, {@code requested_at}, {@code principal}, then {@code reason},
     *     {@code expires_at}, {@code epoch} when set, {@code suppress_notification}, then
     *     {@code deadline_at} with {@code on_deadline} when there is a deadline and
     *     {@code session_grace_seconds} when there is grace (a plain drain writes neither)
     */
    public static Map<String, Object> encodeRequest(DrainRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", request.action());
        fields.put("requested_at", formatInstant(request.requestedAt()));
        fields.put("principal", request.principal());
        request.reason().ifPresent(reason -> fields.put("reason", reason));
        request.expiresAt().ifPresent(at -> fields.put("expires_at", formatInstant(at)));
        request.epoch().ifPresent(epoch -> fields.put("epoch", epoch));
        fields.put("suppress_notification", request.suppressNotification());
        putPolicy(fields, request.policy(), false);
        return fields;
    }

    /** Writes a policy's fields; a status ({@code always}) writes them even when they are unset. */
    private static void putPolicy(Map<String, Object> fields, DrainPolicy policy, boolean always) {
        if (always || policy.deadlineAt().isPresent()) {
            fields.put("deadline_at", policy.deadlineAt().map(WireFormat::formatInstant).orElse(null));
            fields.put("on_deadline", policy.deadlineAt().map(at -> policy.onDeadline().wireName()).orElse(null));
        }
        if (always || policy.hasGrace()) {
            fields.put("session_grace_seconds", policy.sessionGrace().toSeconds());
        }
    }

    /**
     * Reads a policy leniently, erring toward the plain drain: an unreadable deadline is none, an
     * unknown action is {@code interrupt} (it never stops a process by mistake), and a grace that is
     * not a number of seconds ≥ 0 is none.
     */
    private static DrainPolicy decodePolicy(Map<String, ?> fields) {
        OnDeadline action = text(fields, "on_deadline").flatMap(name -> WireNames.parse(OnDeadline.class, name))
                .orElse(OnDeadline.INTERRUPT);
        Duration grace = Duration.ZERO;
        if (fields.get("session_grace_seconds") instanceof Number seconds && Double.isFinite(seconds.doubleValue())
                && seconds.doubleValue() >= 0) {
            grace = Duration.ofSeconds((long) Math.min(seconds.doubleValue(), DrainPolicy.MAX_GRACE.toSeconds()));
        }
        return new DrainPolicy(instant(fields, "deadline_at"), action, grace);
    }

    /**
     * @param fields a request's fields as a JSON library read them
     * @param fallbackRequestedAt shown as the request time when none is stated (e.g. the file's
     *     modification time); such a request never goes stale by age
     * @return the request, or why these fields cannot be one (an action other than {@code drain})
     */
    public static DecodedRequest decodeRequest(Map<String, ?> fields, Instant fallbackRequestedAt) {
        Object action = fields.get("action");
        if (fields.containsKey("action") && !DrainRequest.ACTION.equals(action)) {
            return new DecodedRequest.Unreadable("the request's action is " + describe(action) + ", not \"drain\"");
        }
        Optional<Instant> requestedAt = text(fields, "requested_at").flatMap(WireFormat::parseInstant);
        DrainRequest request = new DrainRequest(
                requestedAt.orElse(fallbackRequestedAt),
                text(fields, "principal").filter(p -> !p.isBlank()).orElse(RuntimeStatus.Drain.UNKNOWN_PRINCIPAL),
                text(fields, "reason"),
                text(fields, "expires_at").flatMap(WireFormat::parseInstant),
                text(fields, "epoch"),
                Boolean.TRUE.equals(fields.get("suppress_notification")),
                decodePolicy(fields));
        return new DecodedRequest.Request(request, requestedAt.isPresent());
    }

    /**
     * @return {@code pid}, {@code kind}, {@code instance_id}, {@code host}, {@code start_time},
     *     {@code gateway_state}, {@code active_agents}, {@code drain}, {@code drain_ignored},
     *     {@code control_channel}, {@code exit_reason}, {@code updated_at}, and {@code url} where it says one
     */
    public static Map<String, Object> encodeStatus(RuntimeStatus status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pid", status.pid());
        fields.put("kind", status.kind());
        fields.put("instance_id", status.instanceId());
        fields.put("host", status.host());
        fields.put("start_time", formatInstant(status.startTime()));
        fields.put("gateway_state", status.state().wireName());
        fields.put("active_agents", status.activeTurns());
        fields.put("drain", status.drain().map(WireFormat::encodeDrain).orElse(null));
        fields.put("drain_ignored", status.drainIgnored().map(WireFormat::encodeIgnored).orElse(null));
        fields.put("control_channel", status.controlChannel().wireName());
        fields.put("exit_reason", status.exitReason().orElse(null));
        fields.put("updated_at", formatInstant(status.updatedAt()));
        status.url().ifPresent(url -> fields.put("url", url.toString()));
        RuntimeStatus.Blockers blockers = status.blockers();
        fields.put("turns", blockers.turns().stream().map(WireFormat::encodeTurn).toList());
        fields.put("oldest_turn_started_at", blockers.oldestStartedAt().map(WireFormat::formatInstant).orElse(null));
        fields.put("expected_quiesced_at", blockers.expectedQuiescedAt().map(WireFormat::formatInstant).orElse(null));
        return fields;
    }

    /** The most turns in flight a status read from elsewhere may name; more are not read. */
    public static final int MAX_TURNS_READ = 100;

    private static Map<String, Object> encodeTurn(RuntimeStatus.TurnInFlight turn) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("session", turn.session());
        fields.put("started_at", formatInstant(turn.startedAt()));
        fields.put("internal", turn.internal());
        return fields;
    }

    /** @return the blockers a status names; entries that are not a turn are left out, and at most {@value #MAX_TURNS_READ} read */
    private static RuntimeStatus.Blockers decodeBlockers(Map<String, ?> fields) {
        List<RuntimeStatus.TurnInFlight> turns = new ArrayList<>();
        if (fields.get("turns") instanceof List<?> listed) {
            for (Object entry : listed.subList(0, Math.min(listed.size(), MAX_TURNS_READ))) {
                if (entry instanceof Map<?, ?> turn) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> turnFields = (Map<String, ?>) turn;
                    Optional<String> session = text(turnFields, "session");
                    Optional<Instant> startedAt = instant(turnFields, "started_at");
                    if (session.isPresent() && startedAt.isPresent()) {
                        turns.add(new RuntimeStatus.TurnInFlight(session.get(), startedAt.get(),
                                Boolean.TRUE.equals(turnFields.get("internal"))));
                    }
                }
            }
        }
        return new RuntimeStatus.Blockers(turns, instant(fields, "oldest_turn_started_at"),
                instant(fields, "expected_quiesced_at"));
    }

    /**
     * @param fields a status's fields as a JSON library read them
     * @return the status, or empty when these are not a status (no valid {@code gateway_state},
     *     a count that is not a whole number ≥ 0); a {@code url} not of {@link GatewayUrl}'s shape reads as none
     */
    public static Optional<RuntimeStatus> decodeStatus(Map<String, ?> fields) {
        Optional<GatewayState> state = text(fields, "gateway_state").flatMap(WireFormat::state);
        Object count = fields.get("active_agents");
        long activeTurns = count == null ? 0 : count instanceof Integer || count instanceof Long ? ((Number) count).longValue() : -1;
        if (state.isEmpty() || activeTurns < 0 || activeTurns > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        Instant updatedAt = instant(fields, "updated_at").orElse(Instant.EPOCH);
        Object pid = fields.get("pid");
        return Optional.of(new RuntimeStatus(
                pid instanceof Integer || pid instanceof Long ? ((Number) pid).longValue() : 0,
                text(fields, "kind").orElse(RuntimeStatus.KIND_GATEWAY),
                text(fields, "instance_id").orElse(""),
                text(fields, "host").orElse(""),
                instant(fields, "start_time").orElse(updatedAt),
                state.get(),
                (int) activeTurns,
                object(fields, "drain").map(WireFormat::decodeDrain),
                object(fields, "drain_ignored").flatMap(WireFormat::decodeIgnored),
                text(fields, "control_channel").flatMap(WireFormat::health).orElse(ChannelHealth.OK),
                text(fields, "exit_reason"),
                updatedAt,
                text(fields, "url").flatMap(GatewayUrl::parse),
                decodeBlockers(fields)));
    }

    private static Map<String, Object> encodeDrain(RuntimeStatus.Drain drain) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("principal", drain.principal());
        fields.put("requested_at", formatInstant(drain.requestedAt()));
        fields.put("reason", drain.reason().orElse(null));
        fields.put("expires_at", drain.expiresAt().map(WireFormat::formatInstant).orElse(null));
        fields.put("since", formatInstant(drain.since()));
        drain.scope().ifPresent(scope -> fields.put("scope", scope));
        fields.put("suppress_notification", drain.suppressNotification());
        putPolicy(fields, drain.policy(), true);
        fields.put("grace", drain.grace().map(grace -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("ends_at", formatInstant(grace.endsAt()));
            shown.put("sessions", grace.sessions());
            return shown;
        }).orElse(null));
        fields.put("deadline_passed", drain.deadlinePassed().map(passed -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("at", formatInstant(passed.at()));
            shown.put("action", passed.action().wireName());
            shown.put("interrupted", passed.interrupted());
            return shown;
        }).orElse(null));
        return fields;
    }

    private static RuntimeStatus.Drain decodeDrain(Map<String, ?> fields) {
        Instant requestedAt = instant(fields, "requested_at").orElse(Instant.EPOCH);
        return new RuntimeStatus.Drain(
                text(fields, "principal").orElse(RuntimeStatus.Drain.UNKNOWN_PRINCIPAL),
                requestedAt,
                text(fields, "reason"),
                instant(fields, "expires_at"),
                instant(fields, "since").orElse(requestedAt),
                text(fields, "scope"),
                decodePolicy(fields),
                object(fields, "grace").flatMap(WireFormat::decodeGrace),
                object(fields, "deadline_passed").flatMap(WireFormat::decodeDeadlinePassed),
                Boolean.TRUE.equals(fields.get("suppress_notification")));
    }

    private static Optional<RuntimeStatus.Grace> decodeGrace(Map<String, ?> fields) {
        Optional<Instant> endsAt = instant(fields, "ends_at");
        long sessions = count(fields.get("sessions"));
        return endsAt.isPresent() && sessions >= 1 && sessions <= Integer.MAX_VALUE
                ? Optional.of(new RuntimeStatus.Grace(endsAt.get(), (int) sessions)) : Optional.empty();
    }

    private static Optional<RuntimeStatus.DeadlinePassed> decodeDeadlinePassed(Map<String, ?> fields) {
        Optional<Instant> at = instant(fields, "at");
        Optional<OnDeadline> action = text(fields, "action").flatMap(name -> WireNames.parse(OnDeadline.class, name));
        long interrupted = count(fields.get("interrupted"));
        return at.isPresent() && action.isPresent() && interrupted >= 0 && interrupted <= Integer.MAX_VALUE
                ? Optional.of(new RuntimeStatus.DeadlinePassed(at.get(), action.get(), (int) interrupted)) : Optional.empty();
    }

    /** @return a whole number ≥ 0 as JSON libraries read one, or -1 when the value is not one */
    private static long count(Object value) {
        return value instanceof Integer || value instanceof Long ? Math.max(-1, ((Number) value).longValue()) : -1;
    }

    private static Map<String, Object> encodeIgnored(RuntimeStatus.IgnoredDrain ignored) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("principal", ignored.principal());
        fields.put("requested_at", formatInstant(ignored.requestedAt()));
        fields.put("why", ignored.why().wireName());
        return fields;
    }

    private static Optional<RuntimeStatus.IgnoredDrain> decodeIgnored(Map<String, ?> fields) {
        return text(fields, "why").flatMap(WireFormat::staleReason).map(why -> new RuntimeStatus.IgnoredDrain(
                text(fields, "principal").orElse(RuntimeStatus.Drain.UNKNOWN_PRINCIPAL),
                instant(fields, "requested_at").orElse(Instant.EPOCH), why));
    }

    private static Optional<GatewayState> state(String name) {
        return WireNames.parse(GatewayState.class, name);
    }

    private static Optional<ChannelHealth> health(String name) {
        return WireNames.parse(ChannelHealth.class, name);
    }

    private static Optional<StaleReason> staleReason(String name) {
        return WireNames.parse(StaleReason.class, name);
    }

    private static Optional<Instant> instant(Map<String, ?> fields, String field) {
        return text(fields, field).flatMap(WireFormat::parseInstant);
    }

    private static Optional<String> text(Map<String, ?> fields, String field) {
        return fields.get(field) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, ?>> object(Map<String, ?> fields, String field) {
        return fields.get(field) instanceof Map<?, ?> value ? Optional.of((Map<String, ?>) value) : Optional.empty();
    }

    private static String describe(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    /** What a request's fields turned out to be. */
    public sealed interface DecodedRequest {

        /** @return the signal these fields amount to under {@code staleness} */
        DrainSignal judge(Staleness staleness);

        /**
         * @param request the request read
         * @param requestedAtStated whether the fields stated a parseable {@code requested_at}
         */
        record Request(DrainRequest request, boolean requestedAtStated) implements DecodedRequest {
            @Override
            public DrainSignal judge(Staleness staleness) {
                return staleness.judge(request, requestedAtStated);
            }
        }

        /** @param why what is wrong with the fields */
        record Unreadable(String why) implements DecodedRequest {
            @Override
            public DrainSignal judge(Staleness staleness) {
                return new DrainSignal.Unreadable(why);
            }
        }
    }
}
