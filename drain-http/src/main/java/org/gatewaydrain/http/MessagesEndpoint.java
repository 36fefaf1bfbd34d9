package org.gatewaydrain.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.MessageEvent;

/**
 * {@code POST /api/messages}: the demo ingress. Starts a turn through the gateway's admission
 * gate and answers with its reply; 503 with {@code Retry-After} while the gateway does not
 * admit turns, 409 when the session is busy. Thread-safe.
 */
final class MessagesEndpoint {

    static final String PATH = "/api/messages";

    /** How long a request waits for the agent's reply before answering 504. */
    static final Duration REPLY_WAIT = Duration.ofMinutes(5);

    static final String RETRY_AFTER_SECONDS = "5";

    private static final Set<String> FIELDS = Set.of("session", "text", "internal", "delay_ms");

    private final Gateway gateway;

    MessagesEndpoint(Gateway gateway) {
        this.gateway = gateway;
    }

    void handle(Context ctx) {
        JsonBody body = JsonBody.read(ctx, FIELDS);
        String session = body.string("session").filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.badRequest("Field 'session' is required and must not be blank."));
        String text = body.string("text").orElseThrow(() -> ApiException.badRequest("Field 'text' is required."));
        Optional<Duration> delay = body.integer("delay_ms", 0, Long.MAX_VALUE / 1_000_000).map(Duration::ofMillis);
        MessageEvent event = new MessageEvent(session, text, body.bool("internal").orElse(false), delay);

        Admission admission = gateway.handle(event);
        if (admission instanceof Admission.Refused refused) {
            throw new ApiException(503, refusalCode(refused.state()), refused.immediateReply(),
                    Map.of("Retry-After", RETRY_AFTER_SECONDS), Map.of("reply", refused.immediateReply()));
        }
        if (admission instanceof Admission.Busy busy) {
            throw new ApiException(409, "busy", busy.immediateReply(), Map.of(), Map.of("reply", busy.immediateReply()));
        }
        Admission.Accepted accepted = (Admission.Accepted) admission;
        ctx.future(() -> accepted.reply().toCompletableFuture()
                .orTimeout(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((reply, failure) -> {
                    if (failure == null) {
                        Json.send(ctx, 200, Json.object("reply", reply, "turn", accepted.turnId()));
                    } else {
                        Json.error(ctx, turnFailure(unwrap(failure)));
                    }
                    return null;
                }));
    }

    private static String refusalCode(GatewayState state) {
        return switch (state) {
            case DRAINING -> "draining";
            case STARTING -> "starting";
            default -> "stopping";
        };
    }

    private static ApiException turnFailure(Throwable failure) {
        if (failure instanceof CancellationException) {
            return new ApiException(503, "interrupted", "The turn was interrupted because the gateway shut down.",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS), Map.of());
        }
        if (failure instanceof TimeoutException) {
            return new ApiException(504, "timeout", "The agent did not reply within "
                    + DurationText.format(REPLY_WAIT) + "; the turn goes on.");
        }
        return new ApiException(500, "turn_failed", "The agent failed: " + failure.getMessage());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
