package org.gatewaydrain.tck;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.ChannelListener;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.Subscription;

/**
 * A channel that passes every call to another: override what a test changes, to inject a fault
 * (a read that throws, a push that never comes) or a bug the kit must catch. Thread-safe if the
 * delegate is.
 */
public class ForwardingChannel implements DrainControlChannel {

    /** Where every call goes. */
    protected final DrainControlChannel delegate;

    /** @param delegate where every call goes */
    public ForwardingChannel(DrainControlChannel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void request(DrainRequest request) {
        delegate.request(request);
    }

    @Override
    public void request(DrainRequest request, DrainTarget target) {
        delegate.request(request, target);
    }

    @Override
    public boolean cancel() {
        return delegate.cancel();
    }

    @Override
    public boolean cancel(DrainTarget target) {
        return delegate.cancel(target);
    }

    @Override
    public DrainSignal read() {
        return delegate.read();
    }

    @Override
    public Subscription subscribe(ChannelListener listener, Executor executor) {
        return delegate.subscribe(listener, executor);
    }

    @Override
    public Set<String> scopes() {
        return delegate.scopes();
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
