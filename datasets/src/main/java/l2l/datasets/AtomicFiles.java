package l2l.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writing files so that readers see either the old contents or the complete new contents, never a partial file. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Checks that {@code target} can become a file: it is not a folder, and none of its parents is
     * a regular file. {@link #write} starts with this check; commands call it before long work, so
     * that a wrong output path fails before the results exist.
     *
     * @throws OutputPathException naming the path and what is in the way
     */
    public static void requireFileTarget(Path target) throws OutputPathException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new OutputPathException("cannot write " + absolute + ": it is a folder; give the path of a file");
        }
        for (Path ancestor = absolute.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            if (Files.exists(ancestor) && !Files.isDirectory(ancestor)) {
                throw new OutputPathException("cannot write " + absolute + ": " + ancestor + " is a file, not a folder; choose a path in a folder");
            }
        }
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
        requireFileTarget(target);
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        // Files.createFile applies the default permissions (0666 less the umask); createTempFile would give 0600.
        Path temporary = Files.createFile(folder.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp"));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
