package l2l.datasets.idx;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import l2l.datasets.DatasetException;

/** Opening IDX files, plain or gzip-compressed, and turning I/O failures into dataset errors. */
final class IdxStreams {

    private static final int BUFFER_SIZE = 1 << 16;

    private IdxStreams() {
    }

    /** Opens {@code file}, decompressing it when it starts with the gzip magic bytes 1F 8B, whatever its name. */
    static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1F && second == 0x8B) {
            return new GZIPInputStream(in, BUFFER_SIZE);
        }
        return in;
    }

    /** Returns the dataset error for an I/O failure while reading {@code file}. */
    static DatasetException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file, "IDX file not found", e);
        }
        if (e instanceof EOFException || e instanceof ZipException) {
            return new DatasetException(file, "the gzip stream is truncated or corrupt (" + e.getMessage()
                    + "); download the file again", e);
        }
        return new DatasetException(file, "failed to read the IDX file: " + e, e);
    }
}
