package l2l.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writing files so that readers see either the old contents or the complete new contents, never a partial file. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Checks that {@code target} can become a file: it is not a folder, none of its parents is a
     * regular file, and files can be created in its nearest existing folder. {@link #write} starts
     * with the first two checks; commands call this one before long work, so that a wrong output
     * path fails before the results exist.
     *
     * @throws OutputPathException naming the path and what is in the way
     */
    public static void requireFileTarget(Path target) throws OutputPathException {
        Path absolute = target.toAbsolutePath();
        Path existing = requirePlace(absolute);
        if (existing != null) {
            try {
                probeFolder(existing);
            } catch (IOException e) {
                throw new OutputPathException("cannot write " + absolute + ": files cannot be created in " + existing + " (" + reason(e)
                        + "); choose a writable folder");
            }
        }
    }

    /**
     * Checks that the absolute path {@code target} is not a folder and lies below no regular file,
     * and returns its nearest existing parent folder, or null if none exists.
     */
    private static Path requirePlace(Path target) throws OutputPathException {
        if (Files.isDirectory(target)) {
            throw new OutputPathException("cannot write " + target + ": it is a folder; give the path of a file");
        }
        Path existing = null;
        for (Path ancestor = target.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            if (Files.exists(ancestor) && !Files.isDirectory(ancestor)) {
                throw new OutputPathException("cannot write " + target + ": " + ancestor + " is a file, not a folder; choose a path in a folder");
            }
            if (existing == null && Files.isDirectory(ancestor)) {
                existing = ancestor;
            }
        }
        return existing;
    }

    /**
     * Checks that files can be created in the existing {@code folder} by creating and deleting an
     * empty file there. Permission bits alone do not tell: root may write anywhere by them, yet not
     * in {@code /proc} or on a read-only mount.
     *
     * @throws IOException the failure to create or delete that file; {@link #reason} describes it
     */
    public static void probeFolder(Path folder) throws IOException {
        Path probe = folder.resolve(".l2l-write-check." + UUID.randomUUID() + ".tmp");
        Files.createFile(probe);
        Files.delete(probe);
    }

    /** Returns what went wrong in a file operation in a few words, such as "Permission denied". */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Writes {@code bytes} to {@code target}: first to a temporary file in the same folder, flushed
     * to the storage device, then moved over the target with {@link StandardCopyOption#ATOMIC_MOVE}.
     * The temporary file is deleted when any step fails.
     *
     * @throws IOException ({@link OutputPathException}) when {@code target} is a folder or lies below a regular file, and when
     *     writing or moving fails, including on file systems without atomic moves
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        // No probe file here: creating the temporary file below fails the same way, and its message names the target.
        requirePlace(absolute);
        Path folder = absolute.getParent();
        Path temporary;
        try {
            Files.createDirectories(folder);
            // Files.createFile applies the default permissions (0666 less the umask); createTempFile would give 0600.
            temporary = Files.createFile(folder.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp"));
        } catch (IOException e) {
            throw new IOException("cannot write " + absolute + ": " + reason(e), e);
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot write " + absolute + ": " + reason(e), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
