package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;

/**
 * The gateway's home folder, where the marker and the status file live. Resolution order:
 * an explicit path ({@code --home}) &gt; the {@value #ENV} environment variable &gt;
 * {@code $HOME/.gateway}. Stateless and thread-safe.
 */
public final class GatewayHome {

    /** The environment variable naming the home folder. */
    public static final String ENV = "GATEWAY_HOME";

    /** The folder under the user's home used when nothing else is configured. */
    public static final String DEFAULT_FOLDER = ".gateway";

    private GatewayHome() {
    }

    /**
     * Picks the home folder without touching the disk.
     *
     * @param explicit a path given on the command line or in code, if any
     * @param env the process environment (pass {@code System.getenv()})
     * @return the absolute, normalised home path
     */
    public static Path resolve(Optional<Path> explicit, Map<String, String> env) {
        Path chosen = explicit
                .or(() -> nonBlank(env.get(ENV)).map(Path::of))
                .orElseGet(() -> userHome(env).resolve(DEFAULT_FOLDER));
        return chosen.toAbsolutePath().normalize();
    }

    /**
     * Makes sure the home folder exists, creating it (and missing parents) with mode 0700.
     * An existing folder is left as it is. Blocks for the file-system calls.
     *
     * @param home the folder
     * @return {@code home}
     * @throws DrainControlException if the path is not a folder or cannot be created
     */
    public static Path prepare(Path home) {
        if (Files.isDirectory(home)) {
            return home;
        }
        if (Files.exists(home)) {
            throw new DrainControlException("The gateway home " + home
                    + " exists but is not a folder; point --home or " + ENV + " at a folder.");
        }
        try {
            if (PosixFiles.supported(home.getFileSystem())) {
                Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFiles.OWNER_ONLY_FOLDER));
            } else {
                Files.createDirectories(home);
            }
            return home;
        } catch (IOException e) {
            throw new DrainControlException("Cannot create the gateway home " + home + ": "
                    + IoFailures.describe(e) + ". Point --home or " + ENV + " at a writable folder.", e);
        }
    }

    private static Path userHome(Map<String, String> env) {
        return nonBlank(env.get("HOME")).map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home")));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
