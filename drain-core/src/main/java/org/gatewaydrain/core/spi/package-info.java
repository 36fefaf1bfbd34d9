/**
 * For transport authors: implement {@link org.gatewaydrain.core.spi.DrainControlChannel} and
 * {@link org.gatewaydrain.core.spi.RuntimeStatusStore}, then prove the implementation with
 * the transport contract kit in drain-core's test-jar
 * ({@code org.gatewaydrain.core.spi.TransportContractKit}), which a transport joins with a
 * subclass of about ten lines.
 *
 * <p>A transport depends on drain-core only; wiring (Guice) lives in the runtime.
 */
package org.gatewaydrain.core.spi;
