package org.gatewaydrain.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's home folder: where the API token is generated and where the file transport
 * keeps its marker and status file. Resolution order: an explicit path ({@code --home}) &gt;
 * the {@value #ENV} environment variable &gt; {@code $HOME/.gateway}. Created 0700; an existing
 * one must belong to this user and not be writable by others. Stateless and thread-safe.
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
     * before anything is written in it. An existing folder must be trusted (see
     * {@link #requireTrusted}); its mode is left as it is. Blocks for the file-system calls.
     *
     * @param home the folder
     * @return {@code home}
     * @throws DrainControlException if the path is not a folder, is not trusted or cannot be created
     */
    public static Path prepare(Path home) {
        if (Files.isDirectory(home)) {
            requireTrusted(home, "gateway home");
            return home;
        }
        if (Files.exists(home)) {
            throw new DrainControlException("The gateway home " + home
                    + " exists but is not a folder; set the home (" + ENV + ", or the home setting) to a folder.");
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
                    + describe(e) + ". Set the home (" + ENV + ", or the home setting) to a writable folder.", e);
        }
    }

    /**
     * Refuses a file or folder another user could have put there or could change: one not owned
     * by this process's user, or writable by its group or others. Anyone who can write the home
     * can drain the gateway, or stop it from draining. A no-op where the file system has no
     * owners and modes.
     *
     * @param path the file or folder (links are followed: the target is what counts)
     * @param what what it is, for the message, e.g. "gateway home"
     * @throws DrainControlException naming the path and the fix
     */
    public static void requireTrusted(Path path, String what) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        try {
            int owner = (Integer) Files.getAttribute(path, "unix:uid");
            long me = new com.sun.security.auth.module.UnixSystem().getUid();
            if (owner != me) {
                throw new DrainControlException("The " + what + " " + path + " belongs to uid " + owner
                        + ", not to this user (uid " + me + "); use a home of your own, or chown it.");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new DrainControlException("The " + what + " " + path + " is writable by its group or others (mode "
                        + PosixFilePermissions.toString(mode) + "); run chmod go-w " + path + ".");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new DrainControlException("Cannot check who owns the " + what + " " + path + ": "
                    + (e instanceof IOException io ? describe(io) : e.getMessage()) + ".", e);
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
