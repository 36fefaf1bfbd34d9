/** The client's own helpers; not for callers outside the library. */
package org.gatewaydrain.client.internal;
