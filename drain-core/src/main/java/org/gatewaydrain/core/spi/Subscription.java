package org.gatewaydrain.core.spi;

/** The handle of a {@link DrainControlChannel#subscribe subscription}. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Stops notifications to this subscriber; idempotent, never throws. */
    @Override
    void close();
}
