package org.gatewaydrain.core.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.rollout.MaxDraining;
import org.gatewaydrain.core.rollout.Rollout;
import org.gatewaydrain.core.rollout.RolloutHolder;

/**
 * A rollout's record and holder as plain ordered maps, for a ledger's nodes and for
 * {@code GET /api/fleet/rollout} alike: one set of field names everywhere. Reading is strict
 * about shape (a record that does not decode is treated as absent) and ignores unknown
 * fields. Stateless and thread-safe.
 */
public final class RolloutWire {

    private RolloutWire() {
    }

    /** @return the record's fields */
    public static Map<String, Object> encode(Rollout rollout) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", rollout.id());
        fields.put("state", rollout.state().wireName());
        fields.put("command", rollout.command());
        fields.put("principal", rollout.principal());
        fields.put("max_draining", rollout.maxDraining().toString());
        fields.put("started_at", WireFormat.formatInstant(rollout.startedAt()));
        fields.put("updated_at", WireFormat.formatInstant(rollout.updatedAt()));
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Rollout.Entry entry : rollout.instances()) {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("instance_id", entry.instanceId());
            instance.put("step", entry.step().wireName());
            instance.put("detail", entry.detail());
            instances.add(instance);
        }
        fields.put("instances", instances);
        for (Rollout.Step step : Rollout.Step.values()) {
            fields.put(step.wireName(), rollout.at(step));
        }
        return fields;
    }

    /** @return the record in {@code fields}, or empty when they are not one */
    public static Optional<Rollout> decode(Map<String, ?> fields) {
        try {
            List<Rollout.Entry> entries = new ArrayList<>();
            if (!(fields.get("instances") instanceof List<?> instances)) {
                return Optional.empty();
            }
            for (Object item : instances) {
                if (!(item instanceof Map<?, ?> instance)) {
                    return Optional.empty();
                }
                Optional<Rollout.Step> step = text(instance, "step").flatMap(Rollout.Step::ofWireName);
                Optional<String> id = text(instance, "instance_id");
                if (step.isEmpty() || id.isEmpty()) {
                    return Optional.empty();
                }
                entries.add(new Rollout.Entry(id.get(), step.get(), text(instance, "detail").orElse("")));
            }
            Optional<Rollout.State> state = text(fields, "state").flatMap(Rollout.State::ofWireName);
            Optional<Instant> started = text(fields, "started_at").flatMap(WireFormat::parseInstant);
            Optional<Instant> updated = text(fields, "updated_at").flatMap(WireFormat::parseInstant);
            Optional<String> id = text(fields, "id");
            Optional<String> command = text(fields, "command");
            Optional<String> principal = text(fields, "principal");
            Optional<MaxDraining> budget = text(fields, "max_draining").map(MaxDraining::parse);
            if (state.isEmpty() || started.isEmpty() || updated.isEmpty() || id.isEmpty() || command.isEmpty()
                    || principal.isEmpty() || budget.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Rollout(id.get(), command.get(), principal.get(), budget.get(), state.get(),
                    started.get(), updated.get(), entries));
        } catch (IllegalArgumentException notARecord) {
            return Optional.empty();
        }
    }

    /** @return the holder's fields */
    public static Map<String, Object> encode(RolloutHolder holder) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rollout_id", holder.rolloutId());
        fields.put("principal", holder.principal());
        fields.put("host", holder.host());
        fields.put("pid", holder.pid());
        fields.put("started_at", WireFormat.formatInstant(holder.startedAt()));
        return fields;
    }

    /** @return the holder in {@code fields}, or empty when they are not one */
    public static Optional<RolloutHolder> decodeHolder(Map<String, ?> fields) {
        Optional<String> id = text(fields, "rollout_id");
        Optional<String> principal = text(fields, "principal");
        Optional<String> host = text(fields, "host");
        Optional<Instant> started = text(fields, "started_at").flatMap(WireFormat::parseInstant);
        if (id.isEmpty() || principal.isEmpty() || host.isEmpty() || started.isEmpty()
                || !(fields.get("pid") instanceof Number pid)) {
            return Optional.empty();
        }
        return Optional.of(new RolloutHolder(id.get(), principal.get(), host.get(), pid.longValue(), started.get()));
    }

    private static Optional<String> text(Map<?, ?> fields, String field) {
        return fields.get(field) instanceof String text ? Optional.of(text) : Optional.empty();
    }
}
