/**
 * What callers of a control channel use: the {@link org.gatewaydrain.core.DrainRequest} a
 * requester writes, the {@link org.gatewaydrain.core.DrainSignal} a gateway reads back, the
 * gateway's {@link org.gatewaydrain.core.GatewayState} and published
 * {@link org.gatewaydrain.core.RuntimeStatus}, and the one unchecked
 * {@link org.gatewaydrain.core.DrainControlException}.
 *
 * <p>Everything here is an immutable value and safe to share between threads. Transport
 * authors implement the interfaces in {@link org.gatewaydrain.core.spi}.
 */
package org.gatewaydrain.core;
