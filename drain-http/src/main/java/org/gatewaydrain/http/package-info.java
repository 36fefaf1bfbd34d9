/**
 * The control plane over HTTP (Javalin). {@link org.gatewaydrain.http.DrainRoutes} holds the
 * drain, status, events, health and metrics routes of the contract over a
 * {@link org.gatewaydrain.core.spi.DrainControlChannel} and a
 * {@link org.gatewaydrain.http.StatusSource}, installable into any Javalin app;
 * {@link org.gatewaydrain.http.DrainHttpServer} serves them on their own;
 * {@link org.gatewaydrain.http.TokenAuthenticator} checks bearer tokens;
 * {@link org.gatewaydrain.http.DrainControl} is the requester's logic the CLI shares;
 * {@link org.gatewaydrain.http.HttpExtension} adds routes (the gateway's ingress, in the
 * in-process adapter). This module knows the transport SPI, not the runtime.
 */
package org.gatewaydrain.http;
