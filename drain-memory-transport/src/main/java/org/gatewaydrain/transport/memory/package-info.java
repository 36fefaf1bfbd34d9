/**
 * The {@code memory} transport: a control channel and a status store held in this JVM.
 * {@link org.gatewaydrain.transport.memory.MemoryTransportProvider} plugs it into a server;
 * {@link org.gatewaydrain.transport.memory.InMemoryDrainChannel} and
 * {@link org.gatewaydrain.transport.memory.InMemoryStatusStore} also serve as test doubles of
 * the SPI for whatever sits above it: they can play unreachable, hold any signal and fail
 * writes.
 */
package org.gatewaydrain.transport.memory;
