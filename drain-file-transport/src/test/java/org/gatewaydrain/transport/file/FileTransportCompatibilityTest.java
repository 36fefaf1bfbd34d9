package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.TransportBackend;
import org.gatewaydrain.tck.TransportCompatibilityKit;
import org.junit.jupiter.api.io.TempDir;

/** The file transport, opened through its provider on a fresh home per test, passes the kit. */
class FileTransportCompatibilityTest extends TransportCompatibilityKit {

    @TempDir
    Path temp;

    @Override
    protected TransportBackend newBackend() {
        Path home = temp.resolve("home");
        return new TransportBackend() {
            @Override
            public DrainTransport open(TransportSettings.Builder shared) {
                return new FileTransportProvider().open(shared.home(home).build());
            }

            @Override
            public void plantRaw(DrainTarget target, byte[] content) throws IOException {
                if (!(target instanceof DrainTarget.Own)) {
                    throw new IllegalArgumentException("the file transport keeps one request per home");
                }
                Files.write(home.resolve(FileDrainChannel.MARKER_FILE), content);
            }

            @Override
            public boolean makeUnreachable() {
                try {
                    PathUtils.deleteDirectory(home);
                    Files.writeString(temp.resolve("home"), "an unmounted volume leaves something else behind");
                    return true;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Override
    protected String providerName() {
        return "file";
    }
}
