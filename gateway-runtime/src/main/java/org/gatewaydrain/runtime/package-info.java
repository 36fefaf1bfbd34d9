/**
 * The gateway's runtime: {@link org.gatewaydrain.runtime.Gateway} is what an embedder builds
 * ({@link org.gatewaydrain.runtime.Gateway#builder()}), starts, feeds messages and shuts down;
 * {@link org.gatewaydrain.runtime.TurnHandler} is the agent the embedder implements;
 * {@link org.gatewaydrain.runtime.GatewayListener} hears what the gateway does.
 * {@link org.gatewaydrain.runtime.GatewayRuntimeModule} provides the same gateway to callers
 * with their own Guice injector. The runtime depends on the transport SPI only.
 */
package org.gatewaydrain.runtime;
