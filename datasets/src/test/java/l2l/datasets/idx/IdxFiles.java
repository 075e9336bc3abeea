package l2l.datasets.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builders of IDX file contents for the tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** Returns a header with the given type code and dimensions. */
    static byte[] header(int typeCode, int... dimensions) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length);
        buffer.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dimensions.length);
        for (int dimension : dimensions) {
            buffer.putInt(dimension);
        }
        return buffer.array();
    }

    /** Returns an unsigned-byte IDX file with the given dimensions and data. */
    static byte[] unsignedBytes(int[] dimensions, byte[] data) {
        return concat(header(0x08, dimensions), data);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
