package org.gatewaydrain.tck;

import java.util.Objects;
import org.gatewaydrain.core.FleetReading;
import org.gatewaydrain.core.RuntimeStatus;
import org.gatewaydrain.core.StatusReading;
import org.gatewaydrain.core.spi.RuntimeStatusStore;

/** A status store that passes every call to another; override what a test changes. Thread-safe if the delegate is. */
public class ForwardingStatusStore implements RuntimeStatusStore {

    /** Where every call goes. */
    protected final RuntimeStatusStore delegate;

    /** @param delegate where every call goes */
    public ForwardingStatusStore(RuntimeStatusStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void publish(RuntimeStatus status) {
        delegate.publish(status);
    }

    @Override
    public StatusReading read() {
        return delegate.read();
    }

    @Override
    public FleetReading readFleet() {
        return delegate.readFleet();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
