package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.gatewaydrain.http.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway status}: the gateway's state, in-flight count and drain. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the gateway's state and in-flight turns.")
final class StatusCommand extends ClientCommand {

    @Option(names = "--json", description = "Print the status object as JSON.")
    boolean json;

    @Option(names = "--fleet", description = "Every instance of the fleet, as a table (a fleet transport such as zookeeper).")
    boolean fleet;

    @Override
    int call(ControlClient client) throws Exception {
        if (fleet) {
            Optional<JsonNode> all = client.fleet();
            if (all.isEmpty()) {
                parent.err.println("gateway: the transport at " + client.where() + " keeps no fleet; drop --fleet.");
                return ExitCodes.FAILED;
            }
            parent.out.println(json ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all.get())
                    : table(all.get()));
            return ExitCodes.OK;
        }
        Optional<JsonNode> status = client.status();
        if (status.isEmpty()) {
            parent.err.println("gateway: no gateway has published a status at " + client.where() + " yet.");
            return ExitCodes.FAILED;
        }
        parent.out.println(json ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status.get())
                : describe(status.get()));
        return ExitCodes.OK;
    }

    static String table(JsonNode fleet) {
        StringBuilder text = new StringBuilder(String.format("%-24s %-16s %-9s %9s  %-8s %s%n", "instance", "host", "state",
                "in flight", "channel", "live"));
        for (JsonNode s : fleet.path("instances")) {
            text.append(String.format("%-24s %-16s %-9s %9d  %-8s %s%n", s.path("instance_id").asText(), s.path("host").asText(),
                    s.path("gateway_state").asText(), s.path("active_agents").asInt(), s.path("control_channel").asText(),
                    s.path("live").asBoolean() ? "yes" : "no"));
        }
        text.append("fleet: ").append(fleet.path("live").asInt()).append(" live, ").append(fleet.path("draining").asInt())
                .append(" draining").append(fleet.path("quiesced").asBoolean() ? ", quiesced" : "");
        return text.toString();
    }

    static String describe(JsonNode s) {
        StringBuilder text = new StringBuilder();
        text.append("state:           ").append(s.path("gateway_state").asText())
                .append(s.path("quiesced").asBoolean() ? " (quiesced)" : "").append('\n');
        text.append("in flight:       ").append(s.path("active_agents").asInt()).append('\n');
        JsonNode drain = s.path("drain");
        if (drain.isObject()) {
            text.append("drain:           by ").append(drain.path("principal").asText()).append(" at ")
                    .append(drain.path("requested_at").asText());
            if (drain.hasNonNull("reason")) {
                text.append(" (").append(drain.path("reason").asText()).append(')');
            }
            text.append('\n');
        }
        text.append("control channel: ").append(s.path("control_channel").asText()).append('\n');
        if (s.path("drain_ignored").isObject()) {
            JsonNode ignored = s.path("drain_ignored");
            text.append("ignored:         request by ").append(ignored.path("principal").asText()).append(" at ")
                    .append(ignored.path("requested_at").asText()).append(" (").append(ignored.path("why").asText())
                    .append(")\n");
        }
        text.append("instance:        ").append(s.path("instance_id").asText()).append(" on ").append(s.path("host").asText())
                .append('\n');
        text.append("pid:             ").append(s.path("pid").asLong())
                .append(s.path("live").asBoolean() ? " (live)" : " (not running)").append('\n');
        text.append("updated:         ").append(s.path("updated_at").asText());
        return text.toString();
    }
}
