package org.gatewaydrain.server.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events a webhook endpoint may ask for, by their wire names ({@code gateway.draining}, …). */
public enum EventType {
    /** The gateway began to drain: new turns are refused. */
    GATEWAY_DRAINING("gateway.draining"),
    /** Draining with nothing in flight and no conversation in grace. */
    GATEWAY_QUIESCED("gateway.quiesced"),
    /** The drain was withdrawn: the gateway admits turns again. */
    GATEWAY_RESUMED("gateway.resumed"),
    /** A drain's deadline passed and the gateway acted. */
    GATEWAY_DEADLINE_PASSED("gateway.deadline_passed"),
    /** The gateway began to stop. */
    GATEWAY_STOPPING("gateway.stopping"),
    /** The gateway stopped. */
    GATEWAY_STOPPED("gateway.stopped"),
    /** A session's turn is about to be interrupted (for a chat bridge to tell its user). */
    NOTICE_SESSION("notice.session"),
    /** The gateway stops with turns in flight (for a chat bridge to tell its home channel). */
    NOTICE_BROADCAST("notice.broadcast"),
    /** A rollout finished with one instance. */
    ROLLOUT_INSTANCE_DONE("rollout.instance_done"),
    /** A rollout ended. */
    ROLLOUT_FINISHED("rollout.finished"),
    /** Sent by {@code gateway webhook test}, whatever the endpoint asks for. */
    WEBHOOK_TEST("webhook.test");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name in the event's {@code type} and in {@code webhooks[].events} */
    public String wireName() {
        return wireName;
    }

    /** @return the type named {@code name}, if there is one */
    public static Optional<EventType> parse(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
