/**
 * The default control channel: a drain request is an atomic JSON marker file,
 * {@code <home>/.drain_request.json}, wire-compatible with the reference gateway, and the
 * gateway's status is {@code <home>/gateway_state.json}.
 *
 * <p>For callers: {@link org.gatewaydrain.transport.file.FileTransportProvider} is the
 * {@code file} transport a server selects; {@link org.gatewaydrain.transport.file.FileDrainChannel#builder()}
 * opens the channel and {@link org.gatewaydrain.transport.file.FileStatusStore#builder()} the
 * status store directly. Everything else in this package is an implementation detail.
 */
package org.gatewaydrain.transport.file;
