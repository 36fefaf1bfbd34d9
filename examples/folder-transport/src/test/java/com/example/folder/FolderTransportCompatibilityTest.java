package com.example.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.tck.TransportBackend;
import org.gatewaydrain.tck.TransportCompatibilityKit;

/** The folder transport, opened through its provider, passes the compatibility kit. */
class FolderTransportCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected TransportBackend newBackend() throws IOException {
        return new FolderBackend(Files.createTempDirectory("folder-kit"));
    }

    @Override
    protected String providerName() {
        return "folder";
    }

    /** A fresh folder per test; every handle opens it through the provider. */
    private static final class FolderBackend implements TransportBackend {
        private final Path root;
        private final Path folder;

        FolderBackend(Path root) {
            this.root = root;
            this.folder = root.resolve("shared");
        }

        @Override
        public DrainTransport open(TransportSettings.Builder shared) {
            return new FolderTransportProvider().open(shared.home(root)
                    .put(FolderTransportProvider.PATH, folder.toString()).build());
        }

        @Override
        public void plantRaw(DrainTarget target, byte[] content) throws IOException {
            Files.write(folder.resolve(FolderChannel.REQUEST), content);
        }

        /** The folder removed: nothing can be read or written until it is back. */
        @Override
        public boolean makeUnreachable() {
            try {
                deleteTree(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            deleteTree(root);
        }

        private static void deleteTree(Path top) throws IOException {
            if (!Files.exists(top)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(top)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
