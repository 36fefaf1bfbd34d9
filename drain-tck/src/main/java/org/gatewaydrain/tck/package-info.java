/**
 * The transport compatibility kit: {@link org.gatewaydrain.tck.TransportCompatibilityKit}
 * holds the behaviour every transport owes the runtime as JUnit tests; a transport's own test
 * suite subclasses it and hands out fresh state through a
 * {@link org.gatewaydrain.tck.TransportBackend}. Add this artifact in test scope.
 */
package org.gatewaydrain.tck;
