package org.gatewaydrain.http.gateway;

import java.nio.file.Path;
import org.gatewaydrain.client.ControlClientContract;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.transport.file.FileTransportProvider;
import org.junit.jupiter.api.io.TempDir;

/** The client over HTTP keeps the client contract, on a gateway of one (the file transport: no fleet). */
class HttpClientContractTest extends ControlClientContract {

    @TempDir
    Path home;

    @Override
    protected Setup setUp() {
        return new HttpClientSetup(new FileTransportProvider().open(TransportSettings.builder().home(home).build()),
                "http-client");
    }
}
