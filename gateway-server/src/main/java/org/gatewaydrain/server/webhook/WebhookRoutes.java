package org.gatewaydrain.server.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydrain.client.ApiObjects;
import org.gatewaydrain.core.spi.WireFormat;
import org.gatewaydrain.http.HttpExtension;
import org.gatewaydrain.http.Scope;

/**
 * {@code GET /api/gateway/webhooks} ({@code status} scope), and the {@code webhooks} field of
 * {@code GET /api/gateway/status}: each endpoint's name, URL (without credentials or query), last
 * success, last failure and what waits — never its secret.
 */
public final class WebhookRoutes implements HttpExtension {

    /** The route. */
    public static final String PATH = "/api/gateway/webhooks";

    private final Webhooks webhooks;

    public WebhookRoutes(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void install(Routes routes) {
        routes.get(PATH, Scope.STATUS, ctx -> ctx.contentType("application/json").result(ApiObjects.json(answer(webhooks.health()))));
        // The status route shows them too, as "webhooks": [...] beside the gateway's own status.
        routes.statusField("webhooks", () -> answer(webhooks.health()).get("webhooks"));
    }

    /** @return {@code {"webhooks": [{"name", "url", "last_success", "last_failure": {"at", "why"}, "waiting", "dropped"}]}} */
    static Map<String, Object> answer(List<EndpointHealth> health) {
        List<Map<String, Object>> endpoints = health.stream().map(one -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", one.name());
            fields.put("url", one.url());
            fields.put("last_success", one.lastSuccess().map(WireFormat::formatInstant).orElse(null));
            fields.put("last_failure", one.lastFailure().map(failure -> {
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("at", WireFormat.formatInstant(failure.at()));
                shown.put("why", failure.why());
                return shown;
            }).orElse(null));
            fields.put("waiting", one.waiting());
            fields.put("dropped", one.dropped());
            return fields;
        }).toList();
        return Map.of("webhooks", endpoints);
    }
}
