/**
 * The runnable gateway: the {@code gateway} command line ({@link org.gatewaydrain.server.Main}),
 * configuration loading (YAML file &lt; environment &lt; flags) and the wiring of runtime,
 * transport and HTTP server for {@code run} and {@code control-plane}.
 */
package org.gatewaydrain.server;
