/**
 * The fleet transport on Apache ZooKeeper (through Curator): drain requests at
 * {@code /gatewaydrain/<cluster>/drain/fleet} and {@code .../drain/instance/<id>}, each
 * gateway's status as the ephemeral {@code /gatewaydrain/<cluster>/status/<id>}.
 * {@link org.gatewaydrain.transport.zookeeper.ZooKeeperTransportProvider} is the
 * {@code zookeeper} transport a server selects; {@link org.gatewaydrain.transport.zookeeper.ZooKeeperTransport}
 * opens one directly.
 */
package org.gatewaydrain.transport.zookeeper;
