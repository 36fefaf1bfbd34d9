/**
 * For transport authors: implement {@link org.gatewaydrain.core.spi.DrainTransportProvider}
 * (found with {@link java.util.ServiceLoader}) opening a
 * {@link org.gatewaydrain.core.spi.DrainTransport}: a
 * {@link org.gatewaydrain.core.spi.DrainControlChannel} and a
 * {@link org.gatewaydrain.core.spi.RuntimeStatusStore}. The rules every transport shares are
 * here too, so a new transport does not rewrite them: {@link org.gatewaydrain.core.spi.Staleness},
 * {@link org.gatewaydrain.core.spi.StaleRequestLog}, {@link org.gatewaydrain.core.spi.ChangeFanout},
 * {@link org.gatewaydrain.core.spi.WireFormat}. Prove an implementation with the transport
 * compatibility kit, the {@code drain-tck} artifact, which a transport joins with a subclass
 * of about ten lines.
 *
 * <p>A transport depends on drain-core only.
 */
package org.gatewaydrain.core.spi;
