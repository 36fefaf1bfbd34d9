/**
 * Test doubles for the SPI, published in drain-core's test-jar: an in-memory control channel
 * that can also play unreachable, and a status store that remembers every publish.
 */
package org.gatewaydrain.core.testing;
