package l2l.datasets.idx;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import l2l.datasets.DatasetException;

/**
 * The header of an IDX file: the magic number (two zero bytes, the element type code, the number of
 * dimensions) followed by each dimension as a big-endian 32-bit integer.
 */
public final class IdxHeader {

    private final IdxType type;
    private final int[] dimensions;

    IdxHeader(IdxType type, int[] dimensions) {
        this.type = type;
        this.dimensions = dimensions.clone();
    }

    /**
     * Reads only the header of {@code file}, plain or gzip-compressed, to learn its type and
     * dimensions without reading the data.
     *
     * @throws DatasetException when the file is missing or its header is invalid; the message names the field
     */
    public static IdxHeader read(Path file) throws DatasetException {
        try (InputStream in = IdxStreams.open(file)) {
            return read(file, new DataInputStream(in));
        } catch (IOException e) {
            throw IdxStreams.failure(file, e);
        }
    }

    /** Reads and validates the header from {@code in}, positioned at the start of the file. */
    static IdxHeader read(Path file, DataInputStream in) throws IOException, DatasetException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DatasetException(file, "invalid IDX header: the file ends inside the magic number after " + magic.length
                    + " bytes; an IDX file starts with 4 magic-number bytes");
        }
        int magicNumber = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8) | (magic[3] & 0xFF);
        String magicText = String.format("0x%08X", magicNumber);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DatasetException(file, "invalid IDX magic number " + magicText
                    + ": its first two bytes must be zero; this is not an uncompressed or gzip-compressed IDX file, so replace it with the file "
                    + "of the dataset's original download");
        }
        IdxType type = IdxType.fromCode(magic[2] & 0xFF).orElseThrow(() -> new DatasetException(file, "invalid IDX magic number "
                + magicText + ": element type code " + String.format("0x%02X", magic[2] & 0xFF) + " is not one of "
                + Arrays.toString(IdxType.values())));
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new DatasetException(file, "invalid IDX magic number " + magicText + ": the number of dimensions is 0");
        }

        int[] dimensions = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            byte[] field = in.readNBytes(4);
            if (field.length < 4) {
                throw new DatasetException(file, "invalid IDX header: the file ends inside dimension " + axis + " of " + rank);
            }
            int dimension = ((field[0] & 0xFF) << 24) | ((field[1] & 0xFF) << 16) | ((field[2] & 0xFF) << 8) | (field[3] & 0xFF);
            if (dimension < 0) {
                throw new DatasetException(file, "invalid IDX header: dimension " + axis + " is " + Integer.toUnsignedString(dimension)
                        + ", above the supported maximum " + Integer.MAX_VALUE);
            }
            dimensions[axis] = dimension;
        }

        IdxHeader header = new IdxHeader(type, dimensions);
        if (header.dataBytes() > Integer.MAX_VALUE - 8) {
            throw new DatasetException(file, "IDX dimensions " + Arrays.toString(dimensions) + " of type " + type + " need "
                    + header.dataBytes() + " bytes of data, more than one Java array can hold");
        }
        return header;
    }

    /** Returns the element type. */
    public IdxType type() {
        return type;
    }

    /** Returns a copy of the dimensions, outermost first: {@code [60000, 28, 28]} for MNIST's training images. */
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** Returns the number of dimensions. */
    public int rank() {
        return dimensions.length;
    }

    /** Returns dimension {@code axis}. */
    public int dimension(int axis) {
        return dimensions[axis];
    }

    /** Returns the number of elements, the product of the dimensions. */
    public long length() {
        long length = 1;
        for (int dimension : dimensions) {
            length *= dimension;
        }
        return length;
    }

    /** Returns the number of data bytes after the header. */
    public long dataBytes() {
        return length() * type.size();
    }

    /** Returns the type and dimensions, for example {@code 0x08 (unsigned byte) [60000, 28, 28]}. */
    @Override
    public String toString() {
        return type + " " + Arrays.toString(dimensions);
    }
}
