package l2l.datasets.idx;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import l2l.datasets.DatasetException;

/**
 * An array read from an IDX file, the format of MNIST and Fashion-MNIST: a {@link IdxHeader} and
 * the elements in row-major order, big-endian. Elements stay in their stored bytes until requested.
 */
public final class IdxArray {

    private final IdxHeader header;
    private final byte[] data;

    private IdxArray(IdxHeader header, byte[] data) {
        this.header = header;
        this.data = data;
    }

    /**
     * Reads the IDX file {@code file}, plain or gzip-compressed (recognised by its first two bytes),
     * checking that the data is exactly as long as the dimensions require.
     *
     * @throws DatasetException when the file is missing, truncated, longer than its dimensions require,
     *     or its header is invalid; the message names the file and the field
     */
    public static IdxArray read(Path file) throws DatasetException {
        try (InputStream in = IdxStreams.open(file)) {
            DataInputStream data = new DataInputStream(in);
            IdxHeader header = IdxHeader.read(file, data);
            int expected = (int) header.dataBytes();
            byte[] body = data.readNBytes(expected);
            if (body.length < expected) {
                throw new DatasetException(file, "IDX data ends after " + body.length + " of " + expected + " bytes that the header "
                        + header + " requires; the file is truncated");
            }
            if (data.read() != -1) {
                throw new DatasetException(file, "IDX data is longer than the " + expected + " bytes that the header " + header
                        + " requires; the header or the file is wrong");
            }
            return new IdxArray(header, body);
        } catch (IOException e) {
            throw IdxStreams.failure(file, e);
        }
    }

    /** Returns the header: element type and dimensions. */
    public IdxHeader header() {
        return header;
    }

    /** Returns element {@code index} in row-major order, converted to a double. */
    public double get(int index) {
        int size = header.type().size();
        ByteBuffer buffer = ByteBuffer.wrap(data, index * size, size);
        switch (header.type()) {
            case UNSIGNED_BYTE:
                return data[index] & 0xFF;
            case SIGNED_BYTE:
                return data[index];
            case SHORT:
                return buffer.getShort();
            case INT:
                return buffer.getInt();
            case FLOAT:
                return buffer.getFloat();
            case DOUBLE:
                return buffer.getDouble();
            default:
                throw new IllegalStateException("IdxArray: unknown type " + header.type());
        }
    }

    /** Returns every element in row-major order, converted to doubles. */
    public double[] toDoubles() {
        double[] values = new double[(int) header.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = get(i);
        }
        return values;
    }

    /** Returns the stored bytes without copying, for loaders in this package; callers must not change them. */
    byte[] data() {
        return data;
    }
}
