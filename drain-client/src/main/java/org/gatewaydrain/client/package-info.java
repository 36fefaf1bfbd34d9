/**
 * For requesters (a dashboard's back end, the CLI, an orchestrator): a typed
 * {@link org.gatewaydrain.client.ControlClient} over a transport
 * ({@link org.gatewaydrain.client.TransportClient}) or a server's HTTP API
 * ({@link org.gatewaydrain.client.HttpControlClient}), one way to wait for what gateways show
 * ({@link org.gatewaydrain.client.StatusWatch} with {@link org.gatewaydrain.client.Until}), the
 * requester's drain logic ({@link org.gatewaydrain.client.DrainControl}), and the engines that
 * act across windows of time: {@link org.gatewaydrain.client.MaintenanceWindow} and
 * {@link org.gatewaydrain.client.RolloutWalk}.
 *
 * <p>This package depends on {@code drain-core} and the JDK only.
 */
package org.gatewaydrain.client;
