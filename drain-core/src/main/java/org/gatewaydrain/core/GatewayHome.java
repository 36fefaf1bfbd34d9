package org.gatewaydrain.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's home folder: where the API token is generated and where the file transport
 * keeps its marker and status file. Resolution order: an explicit path ({@code --home}) &gt;
 * the {@value #ENV} environment variable &gt; {@code $HOME/.gateway}. Stateless and thread-safe.
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
     * Makes sure the home folder exists, creating it (and missing parents) with mode 0700
     * before anything is written in it. An existing folder is left as it is. Blocks for the
     * file-system calls.
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
            if (home.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(home);
            }
            return home;
        } catch (IOException e) {
            throw new DrainControlException("Cannot create the gateway home " + home + ": "
                    + describe(e) + ". Point --home or " + ENV + " at a writable folder.", e);
        }
    }

    /** @return the half-sentence an operator reads for an I/O failure, without a stack trace */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "the folder does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a path component is not a folder";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Path userHome(Map<String, String> env) {
        return nonBlank(env.get("HOME")).map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home")));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
