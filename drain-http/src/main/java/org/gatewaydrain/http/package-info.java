/**
 * The control plane over HTTP (Javalin). {@link org.gatewaydrain.http.DrainRoutes} holds the
 * drain, status, events, health and metrics routes of the contract over a
 * {@link org.gatewaydrain.core.spi.DrainControlChannel} and a
 * {@link org.gatewaydrain.client.StatusFeed}, installable into any Javalin app;
 * {@link org.gatewaydrain.http.DrainHttpServer} serves them on their own;
 * {@link org.gatewaydrain.http.TokenAuthenticator} checks bearer tokens;
 * {@link org.gatewaydrain.http.HttpExtension} adds routes (the gateway's ingress, in the
 * in-process adapter). The requester's logic it shares with the CLI is the requester's library
 * ({@code drain-client}). This module knows the transport SPI, not the runtime.
 */
package org.gatewaydrain.http;
