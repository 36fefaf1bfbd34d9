package org.gatewaydrain.core.spi;

/** Told that a control channel's request may have changed; read the channel to find out. */
@FunctionalInterface
public interface ChannelListener {

    /** Called on the executor given at subscription; may be coalesced or spurious. */
    void channelChanged();
}
