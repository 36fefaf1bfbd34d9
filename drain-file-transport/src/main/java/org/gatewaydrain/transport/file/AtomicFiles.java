package org.gatewaydrain.transport.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayHome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe replacement of a small file: write a temp file in the same folder, fsync it,
 * rename it over the target, fsync the folder. A reader sees the old content or the new,
 * never a torn file; a crash leaves at most a temp file, which a later write removes once it
 * is {@link #LEFTOVER_AGE} old. That age is judged by the file system's clock (the
 * modification time of the writer's own new temp file), never by this JVM's: on a shared home
 * whose file server's clock differs, or with the JVM's clock moved, a live writer's fresh temp
 * file must not look old and be deleted under it. Stateless and thread-safe: concurrent
 * writers each use their own temp file and the last rename wins.
 */
final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** A temp file this old cannot belong to a live writer, whose write takes milliseconds. */
    static final Duration LEFTOVER_AGE = Duration.ofSeconds(30);

    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}, mode 0600. Blocks for two fsyncs.
     *
     * @throws DrainControlException if the target is a symbolic link or a folder, or the
     *     write fails; no temp file is left behind
     */
    static void replace(Path target, byte[] content) {
        replace(target, content, () -> { });
    }

    /** @param beforeRename runs between the fsync and the rename: a hook for tests of a vanished temp file */
    static void replace(Path target, byte[] content, Runnable beforeRename) {
        refuseUnsafeTarget(target);
        Path folder = target.getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, tempPrefix(target), TEMP_SUFFIX, ownerOnly(folder));
            removeLeftovers(target, temp);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            beforeRename.run();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncFolder(folder);
        } catch (IOException e) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new DrainControlException("Cannot write " + target + ": a folder is in the way; remove it.", e);
            }
            if (e instanceof NoSuchFileException && temp != null && Files.isDirectory(folder)
                    && !Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                throw new DrainControlException("Cannot write " + target + ": its temp file " + temp.getFileName()
                        + " was removed by another process before it could be renamed into place; write again, and check"
                        + " what else cleans " + folder + ".", e);
            }
            throw new DrainControlException("Cannot write " + target + ": " + GatewayHome.describe(e)
                    + ". Check that the folder exists, is writable and has free space.", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Removes {@code target} (a link is removed, not followed). Blocks for the unlink.
     *
     * @return whether something was there
     * @throws DrainControlException if something is there and cannot be removed
     */
    static boolean remove(Path target) {
        try {
            boolean removed = Files.deleteIfExists(target);
            if (removed) {
                syncFolder(target.getParent());
            }
            return removed;
        } catch (IOException e) {
            throw new DrainControlException("Cannot remove " + target + ": " + GatewayHome.describe(e)
                    + ". Remove it by hand if it is a folder.", e);
        }
    }

    /**
     * Deletes temp files of {@code target} left by crashed writers; never throws.
     *
     * @param ownTemp the temp file this writer just created: its modification time is the file
     *     system's "now", which the others' ages are measured against
     */
    static void removeLeftovers(Path target, Path ownTemp) {
        String prefix = tempPrefix(target);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(target.getParent(),
                entry -> isTempName(entry, prefix) && !entry.getFileName().equals(ownTemp.getFileName()))) {
            Instant cutoff = Files.getLastModifiedTime(ownTemp, LinkOption.NOFOLLOW_LINKS).toInstant().minus(LEFTOVER_AGE);
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(temp);
                    LOG.info("Removed {} left by an interrupted write", temp);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not clean temp files next to {}", target, e);
        }
    }

    static boolean isTempName(Path entry, String prefix) {
        String name = entry.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX);
    }

    static String tempPrefix(Path target) {
        return target.getFileName() + ".";
    }

    private static void refuseUnsafeTarget(Path target) {
        if (Files.isSymbolicLink(target)) {
            throw new DrainControlException("Refusing to write through the symbolic link at " + target
                    + "; remove the link and try again.");
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path folder) {
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static void syncFolder(Path folder) {
        // Makes the rename itself durable; not every file system lets a folder be opened.
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("Folder {} cannot be synced", folder, e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("Could not remove temp file {}", temp, e);
        }
    }
}
