package org.gatewaydrain.server.webhook;

import java.time.Duration;
import java.util.Optional;
import org.gatewaydrain.core.GatewayState;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.GatewayListener;
import org.gatewaydrain.runtime.Notice;
import org.gatewaydrain.runtime.Notifier;

/**
 * What the gateway does, as webhook events: its transitions and quiescence as
 * {@code gateway.*}, and the notices for its users as {@code notice.*}, so a chat bridge can
 * pass them on. Listener calls come on the gateway's event thread and notices on its notifier's;
 * both only queue ({@link Webhooks#publish}).
 */
public final class GatewayWebhooks implements GatewayListener, Notifier {

    private final Webhooks webhooks;
    private final String instanceId;
    private volatile Gateway gateway;

    public GatewayWebhooks(Webhooks webhooks, String instanceId) {
        this.webhooks = webhooks;
        this.instanceId = instanceId;
    }

    /** Starts listening to {@code started}, whose status the events carry. */
    public void listenTo(Gateway started) {
        this.gateway = started;
        started.addListener(this);
    }

    @Override
    public void stateChanged(GatewayState from, GatewayState to) {
        RuntimeStatus status = gateway.status();
        if (from == GatewayState.DRAINING && to == GatewayState.RUNNING) {
            webhooks.publish(EventType.GATEWAY_RESUMED, state(status, Optional.empty()));
        } else if (to == GatewayState.STOPPING) {
            webhooks.publish(EventType.GATEWAY_STOPPING, state(status, status.exitReason()));
        } else if (to == GatewayState.STOPPED) {
            webhooks.publish(EventType.GATEWAY_STOPPED, state(status, status.exitReason()));
        }
    }

    /** The request as it was when the drain began, whatever the status shows by now. */
    @Override
    public void drainBegan(RuntimeStatus.Drain drain) {
        webhooks.publish(EventType.GATEWAY_DRAINING, new EventData.Draining(instanceId, drain));
    }

    @Override
    public void quiesced(Duration sinceDrainStarted) {
        webhooks.publish(EventType.GATEWAY_QUIESCED, state(gateway.status(), Optional.empty()));
    }

    @Override
    public void deadlinePassed(RuntimeStatus.DeadlinePassed passed) {
        webhooks.publish(EventType.GATEWAY_DEADLINE_PASSED, new EventData.DeadlinePassed(instanceId, passed));
    }

    @Override
    public void sessionNotice(Notice.Session notice) {
        webhooks.publish(EventType.NOTICE_SESSION, new EventData.SessionNotice(instanceId, notice.session(),
                notice.cause().name().toLowerCase(java.util.Locale.ROOT), notice.text()));
    }

    @Override
    public void broadcast(Notice.Broadcast notice) {
        webhooks.publish(EventType.NOTICE_BROADCAST, new EventData.Broadcast(instanceId, notice.turnsInFlight(), notice.text()));
    }

    private EventData.State state(RuntimeStatus status, Optional<String> exitReason) {
        return new EventData.State(instanceId, status.state().wireName(), status.activeTurns(), exitReason);
    }
}
