/**
 * The in-process adapter: when the HTTP plane runs inside the gateway,
 * {@link org.gatewaydrain.http.gateway.GatewayHttp} gives it the gateway's own status, the
 * ingress route {@code POST /api/messages} and the gateway's metrics. Kept apart so that
 * drain-http itself never needs the runtime.
 */
package org.gatewaydrain.http.gateway;
