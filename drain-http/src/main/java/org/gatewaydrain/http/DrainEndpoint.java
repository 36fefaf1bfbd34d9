package org.gatewaydrain.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.gatewaydrain.client.ApiObjects;
import org.gatewaydrain.client.DrainControl;
import org.gatewaydrain.client.DrainOrder;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.WireNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/gateway/drain}: writes or withdraws the drain request through
 * {@link DrainControl}. The gateway owns the transition; the answer's {@code draining} says
 * whether it showed {@code draining} within a short confirmation wait. A client mistake never
 * touches the channel. Thread-safe.
 */
final class DrainEndpoint {

    static final String PATH = "/api/gateway/drain";

    /** The longest a request may live before it goes stale by itself. */
    static final long MAX_TTL_SECONDS = Duration.ofDays(7).toSeconds();

    private static final Logger LOG = LoggerFactory.getLogger(DrainEndpoint.class);
    /** The longest deadline a request may set. */
    static final long MAX_DEADLINE_SECONDS = Duration.ofDays(7).toSeconds();

    private static final Set<String> FIELDS = Set.of("action", "reason", "ttl_seconds", "suppress_notification", "scope",
            "instance_id", "deadline_seconds", "on_deadline", "session_grace_seconds");

    private final DrainControl control;
    private final Set<String> scopes;
    private final DrainMetrics metrics;
    private final Executor responses;

    /** @param responses where the answer is sent from once the confirmation is in, never the gateway's thread that confirmed it */
    DrainEndpoint(DrainControl control, Set<String> scopes, DrainMetrics metrics, Executor responses) {
        this.control = control;
        this.scopes = scopes;
        this.metrics = metrics;
        this.responses = responses;
    }

    void handle(Context ctx) {
        JsonBody body = JsonBody.read(ctx, FIELDS);
        String action = body.string("action").orElse(DrainRequest.ACTION);
        if (!action.equals("drain") && !action.equals("cancel")) {
            throw new ApiException(400, "unknown_action", "Unknown action; use \"drain\" or \"cancel\".");
        }
        DrainTarget target = target(body);
        ctx.attribute(Access.ACTION, target.scope().isEmpty() ? action : action + "/" + describe(target));
        if (action.equals("drain")) {
            drain(ctx, body, target);
        } else {
            cancel(ctx, target);
        }
    }

    /** {@code scope} and {@code instance_id}: the channel's own request when neither is given. */
    private DrainTarget target(JsonBody body) {
        Optional<String> scope = body.string("scope").map(DrainTarget.Scopes::normalise);
        Optional<String> instance = body.string("instance_id");
        if (scope.isPresent() && !scopes.contains(scope.get())) {
            throw new ApiException(400, "unknown_scope", scopes.isEmpty()
                    ? "This transport has one request per gateway; send no scope."
                    : "Field 'scope' must be one of " + new java.util.TreeSet<>(scopes) + ".");
        }
        if (instance.isPresent() && !scope.map(DrainTarget.Scopes.INSTANCE::equals).orElse(false)) {
            throw ApiException.badRequest("Field 'instance_id' goes with \"scope\": \"instance\".");
        }
        if (scope.map(DrainTarget.Scopes.FLEET::equals).orElse(false)) {
            return DrainTarget.FLEET;
        }
        try {
            return instance.<DrainTarget>map(DrainTarget.Instance::new).orElse(DrainTarget.OWN);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Field 'instance_id' " + e.getMessage().replaceFirst("^'.*?' ", "") + ".");
        }
    }

    private static String describe(DrainTarget target) {
        return target instanceof DrainTarget.Instance instance ? "instance:" + instance.id() : target.scope();
    }

    private void drain(Context ctx, JsonBody body, DrainTarget target) {
        DrainOrder order = new DrainOrder(target, body.string("reason"),
                body.integer("ttl_seconds", 1, MAX_TTL_SECONDS).map(Duration::ofSeconds),
                body.bool("suppress_notification").orElse(false), timing(body));
        String principal = ApiPrincipal.of(ctx).name();
        var outcome = write(() -> control.drain(principal, order));
        metrics.controlRequest("drain");
        ctx.future(() -> outcome.thenAcceptAsync(done -> Json.send(ctx, 200, ApiObjects.drainAnswer(done)), responses));
    }

    /** {@code deadline_seconds}, {@code on_deadline} (only with a deadline; default interrupt) and {@code session_grace_seconds}. */
    static DrainOrder.Timing timing(JsonBody body) {
        Optional<Duration> deadline = body.integer("deadline_seconds", 1, MAX_DEADLINE_SECONDS).map(Duration::ofSeconds);
        Optional<String> action = body.string("on_deadline");
        if (action.isPresent() && deadline.isEmpty()) {
            throw ApiException.badRequest("Field 'on_deadline' needs 'deadline_seconds': there is no deadline to act at.");
        }
        OnDeadline onDeadline = action.map(name -> WireNames.parse(OnDeadline.class, name).orElseThrow(() ->
                ApiException.badRequest("Field 'on_deadline' must be \"interrupt\" or \"stop\".")))
                .orElse(OnDeadline.INTERRUPT);
        Duration grace = body.integer("session_grace_seconds", 0, DrainPolicy.MAX_GRACE.toSeconds())
                .map(Duration::ofSeconds).orElse(Duration.ZERO);
        return new DrainOrder.Timing(deadline, onDeadline, grace);
    }

    private void cancel(Context ctx, DrainTarget target) {
        boolean wasThere = write(() -> control.cancel(target));
        metrics.controlRequest("cancel");
        Json.send(ctx, 200, Json.object("ok", true, "action", "cancel", "was_draining", wasThere));
    }

    /** Runs a channel write; a failure is the server's 503 with a sentence, the cause (with paths) goes to the log. */
    private static <T> T write(Supplier<T> write) {
        try {
            return write.get();
        } catch (DrainControlException e) {
            LOG.warn("A drain request could not be written: {}", e.getMessage(), e);
            throw new ApiException(503, "channel_unavailable",
                    "The control channel cannot be written right now; see the server log.",
                    java.util.Map.of("Retry-After", "5"), java.util.Map.of());
        }
    }

}
