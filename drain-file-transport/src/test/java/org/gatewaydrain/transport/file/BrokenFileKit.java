package org.gatewaydrain.transport.file;

import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.ForwardingChannel;
import org.gatewaydrain.tck.ForwardingTransport;
import org.gatewaydrain.tck.TransportBackend;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The kit on the file transport with the bug the corrupt-content checks guard against: whatever
 * cannot be read as a request reads as no request, so a gateway would serve on a corrupt
 * marker. For {@link KitCatchesCorruptContentTest}; runs only inside {@link org.gatewaydrain.tck.KitRun}.
 */
@EnabledIf("planted")
class BrokenFileKit extends FileTransportCompatibilityTest {

    static volatile boolean planted;

    static boolean planted() {
        return planted;
    }

    @Override
    protected TransportBackend newBackend() {
        TransportBackend faithful = super.newBackend();
        return new TransportBackend() {
            @Override
            public DrainTransport open(TransportSettings.Builder shared) {
                return new ForwardingTransport(faithful.open(shared)) {
                    @Override
                    protected DrainControlChannel wrap(DrainControlChannel original) {
                        return new ForwardingChannel(original) {
                            @Override
                            public DrainSignal read() {
                                DrainSignal signal = super.read();
                                return signal instanceof DrainSignal.Unreadable ? DrainSignal.ABSENT : signal;
                            }
                        };
                    }
                };
            }

            @Override
            public void plantRaw(DrainTarget target, byte[] content) throws Exception {
                faithful.plantRaw(target, content);
            }
        };
    }
}
