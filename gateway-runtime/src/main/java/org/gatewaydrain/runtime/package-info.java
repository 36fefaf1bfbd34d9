/**
 * The gateway's runtime: {@link org.gatewaydrain.runtime.Gateway} is the facade a server
 * embeds (start, handle a message, await quiescence, shut down, read the status, listen);
 * {@link org.gatewaydrain.runtime.TurnHandler} is the SPI the agent implements;
 * {@link org.gatewaydrain.runtime.GatewayRuntimeModule} and
 * {@link org.gatewaydrain.runtime.FileTransportModule} wire it with Guice.
 */
package org.gatewaydrain.runtime;
