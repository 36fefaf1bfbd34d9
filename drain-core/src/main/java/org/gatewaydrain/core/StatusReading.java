package org.gatewaydrain.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What reading a gateway's published status yields. Reading never throws: a status store
 * that cannot be reached, or a read that does not finish in time, is {@link Unknown}.
 */
public sealed interface StatusReading {

    /** The shared value for "no status published". */
    StatusReading ABSENT = new Absent();

    /** @return the published status, if there is one */
    default Optional<Published> published() {
        return this instanceof Published published ? Optional.of(published) : Optional.empty();
    }

    /** No gateway has published a status here. */
    record Absent() implements StatusReading {
    }

    /**
     * The store cannot be read now (unreachable, a read that hung, unreadable content).
     *
     * @param cause what went wrong, for messages and the log
     */
    record Unknown(String cause) implements StatusReading {
        public Unknown {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * A published status and the store's verdict on its publisher.
     *
     * @param status the status as published
     * @param live whether the publishing gateway is alive and not stopped, as the store judges
     *     it (a local process check, a heartbeat, an ephemeral node)
     */
    record Published(RuntimeStatus status, boolean live) implements StatusReading {
        public Published {
            Objects.requireNonNull(status, "status");
        }
    }
}
