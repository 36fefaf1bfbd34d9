package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import org.gatewaydrain.core.spi.DrainControlChannel;
import org.gatewaydrain.core.spi.RuntimeStatusStore;
import org.gatewaydrain.core.spi.TransportContractKit;
import org.junit.jupiter.api.io.TempDir;

class FileTransportContractTest extends TransportContractKit {

    @TempDir
    Path home;

    @Override
    protected DrainControlChannel openChannel() {
        return FileDrainChannel.builder().home(home).build();
    }

    @Override
    protected RuntimeStatusStore openStatusStore() {
        return FileStatusStore.open(home);
    }
}
