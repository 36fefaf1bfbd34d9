package org.gatewaydrain.http.gateway;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydrain.http.ApiException;
import org.gatewaydrain.http.ApiPrincipal;
import org.gatewaydrain.http.Json;
import org.gatewaydrain.http.JsonBody;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.Slots;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.MessageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/messages}: starts a turn through the gateway's admission gate and answers
 * with its reply; 503 with {@code Retry-After} while the gateway does not admit turns, 409
 * when the session is busy. An internal event (which bypasses drain) needs the
 * {@code internal} scope besides {@code ingress}. Turns started here and still running are
 * capped in total and per principal (503 with {@code Retry-After} beyond), so one client cannot
 * open sessions without bound. The reply is sent from this route's own threads, never from the
 * agent's. Thread-safe.
 */
final class MessagesRoute {

    static final String PATH = "/api/messages";

    /** How long a request waits for the agent's reply before answering 504. */
    static final Duration REPLY_WAIT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(MessagesRoute.class);
    private static final String RETRY_AFTER_SECONDS = Slots.RETRY_AFTER_SECONDS;
    private static final String AT_CAPACITY_REPLY = "The gateway is busy with other conversations; please resend in a moment.";
    private static final String INTERRUPTED_REPLY = "Your message was interrupted because the gateway shut down; please resend it.";
    private static final Set<String> FIELDS = Set.of("session", "text", "internal", "delay_ms");

    private final Gateway gateway;
    private final Slots turns;
    private final Executor responses;

    MessagesRoute(Gateway gateway, Slots turns, Executor responses) {
        this.gateway = gateway;
        this.turns = turns;
        this.responses = responses;
    }

    void handle(Context ctx) {
        JsonBody body = JsonBody.read(ctx, FIELDS);
        String session = body.string("session").filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.badRequest("Field 'session' is required and must not be blank."));
        String text = body.string("text").orElseThrow(() -> ApiException.badRequest("Field 'text' is required."));
        boolean internal = body.bool("internal").orElse(false);
        Map<String, String> attributes = body.integer("delay_ms", 0, Long.MAX_VALUE / 1_000_000)
                .map(delay -> Map.of(GatewayHttp.DELAY_MS, String.valueOf(delay))).orElse(Map.of());
        MessageEvent event = new MessageEvent(session, text, internal, attributes);
        if (internal && !ApiPrincipal.of(ctx).may(Scope.INTERNAL)) {
            throw new ApiException(403, "forbidden", "Internal events need a token with the 'internal' scope.");
        }

        Slots.Slot turn = turns.acquire(ApiPrincipal.of(ctx).name());
        Admission admission;
        try {
            admission = gateway.handle(event);
        } catch (RuntimeException e) {
            turn.close();
            throw e;
        }
        if (!(admission instanceof Admission.Accepted)) {
            turn.close();
        }
        if (admission instanceof Admission.Refused refused) {
            throw new ApiException(503, refused.code(), refused.immediateReply(),
                    Map.of("Retry-After", RETRY_AFTER_SECONDS), Map.of("reply", refused.immediateReply()));
        }
        if (admission instanceof Admission.Busy busy) {
            throw new ApiException(409, "busy", busy.immediateReply(), Map.of(), Map.of("reply", busy.immediateReply()));
        }
        Admission.Accepted accepted = (Admission.Accepted) admission;
        // The place is held until the turn ends, not until the answer: a turn that outlives its reply wait still counts.
        accepted.reply().whenComplete((reply, failure) -> turn.close());
        ctx.future(() -> accepted.reply().toCompletableFuture()
                .orTimeout(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((reply, failure) -> {
                    if (failure == null) {
                        Json.send(ctx, 200, Json.object("reply", reply, "turn", accepted.turnId()));
                    } else {
                        Json.error(ctx, turnFailure(accepted.turnId(), unwrap(failure)));
                    }
                    return null;
                }, responses));
    }

    /** @return the 503 beyond the caps on turns: {@code detail} says which cap, {@code reply} is for the sender */
    static ApiException atCapacity(String detail) {
        return new ApiException(503, "at_capacity", detail, Map.of("Retry-After", RETRY_AFTER_SECONDS),
                Map.of("reply", AT_CAPACITY_REPLY));
    }

    private static ApiException turnFailure(long turn, Throwable failure) {
        if (failure instanceof CancellationException) {
            return new ApiException(503, "interrupted", "The turn was interrupted because the gateway shut down.",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS), Map.of("reply", INTERRUPTED_REPLY));
        }
        if (failure instanceof TimeoutException) {
            return new ApiException(504, "timeout", "The agent did not reply within 5 minutes; the turn goes on.");
        }
        LOG.warn("Turn {} failed", turn, failure);
        return new ApiException(500, "turn_failed", "The agent failed on this turn; see the gateway's log.");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
