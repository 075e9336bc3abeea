package l2l.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The origin of one image's encoded bytes: a file on disk, or bytes already read from an archive. */
interface ImageSource {

    /** Returns the file, or the archive and entry, for messages. */
    String describe();

    /** Returns the encoded image bytes. */
    byte[] read() throws DatasetException;

    /** An image file, read on demand. */
    record InFile(Path file) implements ImageSource {

        @Override
        public String describe() {
            return file.toString();
        }

        @Override
        public byte[] read() throws DatasetException {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new DatasetException(file, "image file not found; it was listed when the dataset was opened", e);
            } catch (IOException e) {
                throw new DatasetException(file, "failed to read the image file: " + e.getMessage(), e);
            }
        }
    }

    /** An archive entry whose bytes were read when the archive was opened. */
    record InMemory(String describe, byte[] bytes) implements ImageSource {

        @Override
        public byte[] read() {
            return bytes;
        }
    }
}
