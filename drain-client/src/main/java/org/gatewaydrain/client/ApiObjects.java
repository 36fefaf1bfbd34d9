package org.gatewaydrain.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.client.internal.JsonText;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.StaleReason;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.WireNames;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutHolder;
import org.gatewaydrain.core.rollout.RolloutReading;
import org.gatewaydrain.core.spi.RolloutWire;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * The objects of the HTTP API and of {@code gateway status --json}, as plain ordered maps a JSON
 * writer turns into text, and back: the status object, the fleet object, the rollout object and
 * the drain answer. The field names and shapes are {@link WireFormat}'s; this is the one place
 * that adds the API's own ({@code quiesced}, {@code live}, the fleet's counts). Reading is
 * lenient like WireFormat's and never throws: what is not an object of the kind reads empty.
 * Stateless.
 */
public final class ApiObjects {

    private ApiObjects() {
    }

    /** @return {@code object} (an API object of this class, or a list of them) as compact JSON text */
    public static String json(Object object) {
        return JsonText.write(object);
    }

    /** @return {@code object} as indented JSON text, for people to read ({@code "key" : value}, two spaces) */
    public static String prettyJson(Object object) {
        return JsonText.writePretty(object);
    }

    /**
     * @return {@code gateway_state}, {@code active_agents}, {@code quiesced}, {@code drain},
     *     {@code drain_ignored}, {@code control_channel}, {@code instance_id}, {@code host},
     *     {@code pid}, {@code start_time}, {@code exit_reason}, {@code updated_at}, {@code url}
     *     (null where the gateway says none), {@code turns}, {@code oldest_turn_started_at},
     *     {@code expected_quiesced_at}, {@code live}
     */
    public static Map<String, Object> status(StatusReading.Published published) {
        Map<String, Object> wire = WireFormat.encodeStatus(published.status());
        Map<String, Object> object = new LinkedHashMap<>();
        for (String field : List.of("gateway_state", "active_agents")) {
            object.put(field, wire.get(field));
        }
        object.put("quiesced", published.status().quiesced());
        for (String field : List.of("drain", "drain_ignored", "control_channel", "instance_id", "host", "pid",
                "start_time", "exit_reason", "updated_at")) {
            object.put(field, wire.get(field));
        }
        object.put("url", wire.get("url"));
        for (String field : List.of("turns", "oldest_turn_started_at", "expected_quiesced_at")) {
            object.put(field, wire.get(field));
        }
        object.put("live", published.live());
        return object;
    }

    /** @return the status and its liveness in a status object, or empty when {@code fields} are not one */
    public static Optional<StatusReading.Published> decodeStatus(Map<String, ?> fields) {
        return WireFormat.decodeStatus(fields)
                .map(status -> new StatusReading.Published(status, Boolean.TRUE.equals(fields.get("live"))));
    }

    /**
     * @return {@code instances} (each a status object), {@code live} and {@code draining} (how
     *     many), {@code quiesced} (at least one instance is live and every live one is quiesced)
     */
    public static Map<String, Object> fleet(FleetReading.Instances fleet) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("instances", fleet.instances().stream().map(ApiObjects::status).toList());
        object.put("live", fleet.live().size());
        object.put("draining", fleet.draining().size());
        object.put("quiesced", fleet.quiesced());
        object.put("invalid", fleet.invalid().stream().map(ApiObjects::invalid).toList());
        return object;
    }

    private static Map<String, Object> invalid(FleetReading.Invalid invalid) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("node", invalid.name());
        object.put("why", invalid.why());
        return object;
    }

    /**
     * @return the instances of a fleet object, or empty when it is none: an entry that is not a
     *     status object, or names an instance another entry names too, is invalid, not counted
     */
    public static Optional<FleetReading.Instances> decodeFleet(Map<String, ?> fields) {
        if (!(fields.get("instances") instanceof List<?> instances)) {
            return Optional.empty();
        }
        Map<String, StatusReading.Published> byId = new LinkedHashMap<>();
        List<FleetReading.Invalid> invalid = new ArrayList<>();
        java.util.Set<String> repeated = new java.util.HashSet<>();
        int index = 0;
        for (Object instance : instances) {
            Optional<StatusReading.Published> published = map(instance).flatMap(ApiObjects::decodeStatus);
            if (published.isEmpty()) {
                invalid.add(new FleetReading.Invalid("instances[" + index + "]", "not a status"));
            } else if (!org.gatewaydrain.core.InstanceId.isValid(published.get().status().instanceId())) {
                invalid.add(new FleetReading.Invalid("instances[" + index + "]", "no valid instance id"));
            } else if (byId.putIfAbsent(published.get().status().instanceId(), published.get()) != null) {
                repeated.add(published.get().status().instanceId());
            }
            index++;
        }
        repeated.forEach(id -> {
            byId.remove(id);
            invalid.add(new FleetReading.Invalid(id, "more than one status names this instance"));
        });
        if (fields.get("invalid") instanceof List<?> listed) {
            for (Object entry : listed) {
                Map<String, ?> object = map(entry).orElse(Map.of());
                if (object.get("node") instanceof String node && object.get("why") instanceof String why) {
                    invalid.add(new FleetReading.Invalid(node, why));
                }
            }
        }
        return Optional.of(FleetReading.Instances.byNode(byId, invalid));
    }

    /** @return {@code running} (a rollout holds the lock), {@code holder} (or null) and {@code rollout} (the record, or null) */
    public static Map<String, Object> rollout(RolloutReading.Recorded recorded) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("running", recorded.holder().isPresent());
        object.put("holder", recorded.holder().map(RolloutWire::encode).orElse(null));
        object.put("rollout", recorded.rollout().map(RolloutWire::encode).orElse(null));
        return object;
    }

    /** @return the record and holder of a rollout object; a part that does not decode reads as absent */
    public static RolloutReading.Recorded decodeRollout(Map<String, ?> fields) {
        Optional<Rollout> rollout = map(fields.get("rollout")).flatMap(RolloutWire::decode);
        Optional<RolloutHolder> holder = map(fields.get("holder")).flatMap(RolloutWire::decodeHolder);
        return new RolloutReading.Recorded(rollout, holder);
    }

    /**
     * @return {@code ok}, {@code action} ({@code drain}), {@code requested_at}, {@code principal},
     *     {@code draining}, then {@code ignored} when stale, {@code scope} and {@code instance_id}
     *     when targeted
     */
    public static Map<String, Object> drainAnswer(DrainAnswer answer) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("ok", true);
        object.put("action", "drain");
        object.put("requested_at", WireFormat.formatInstant(answer.requestedAt()));
        object.put("principal", answer.principal());
        object.put("draining", answer.draining());
        answer.ignored().ifPresent(why -> object.put("ignored", why.wireName()));
        if (!answer.target().scope().isEmpty()) {
            object.put("scope", answer.target().scope());
        }
        if (answer.target() instanceof DrainTarget.Instance instance) {
            object.put("instance_id", instance.id());
        }
        return object;
    }

    /** @return the answer in a drain answer object, or empty when it is none (no principal or readable time) */
    public static Optional<DrainAnswer> decodeDrainAnswer(Map<String, ?> fields) {
        Optional<Instant> requestedAt = text(fields, "requested_at").flatMap(WireFormat::parseInstant);
        Optional<String> principal = text(fields, "principal");
        if (requestedAt.isEmpty() || principal.isEmpty()) {
            return Optional.empty();
        }
        DrainTarget target = DrainTarget.OWN;
        if (text(fields, "scope").filter(DrainTarget.Scopes.FLEET::equals).isPresent()) {
            target = DrainTarget.FLEET;
        } else {
            Optional<String> id = text(fields, "instance_id").flatMap(InstanceId::parse);
            if (id.isPresent()) {
                target = new DrainTarget.Instance(id.get());
            }
        }
        return Optional.of(new DrainAnswer(principal.get(), requestedAt.get(), target,
                Boolean.TRUE.equals(fields.get("draining")),
                text(fields, "ignored").flatMap(why -> WireNames.parse(StaleReason.class, why))));
    }

    private static Optional<String> text(Map<String, ?> fields, String field) {
        return fields.get(field) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, ?>> map(Object value) {
        return value instanceof Map<?, ?> map ? Optional.of((Map<String, ?>) map) : Optional.empty();
    }
}
