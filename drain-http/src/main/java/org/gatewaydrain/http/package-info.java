/**
 * The control plane over HTTP (Javalin). {@link org.gatewaydrain.http.DrainHttpServer}
 * serves the drain, status, events, ingress, health and metrics routes of the contract over a
 * {@link org.gatewaydrain.core.spi.DrainControlChannel} and a
 * {@link org.gatewaydrain.http.StatusSource}; {@link org.gatewaydrain.http.TokenAuthenticator}
 * checks bearer tokens. No Guice here: the server module wires it.
 */
package org.gatewaydrain.http;
