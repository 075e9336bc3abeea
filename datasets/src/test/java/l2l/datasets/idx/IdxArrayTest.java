package l2l.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.datasets.DatasetException;
import l2l.datasets.Fixtures;

class IdxArrayTest {

    @TempDir
    Path folder;

    private Path file(String name, byte[] contents) {
        return Fixtures.write(folder.resolve(name), contents);
    }

    @Test
    void plainAndGzipReadAlike() throws DatasetException {
        byte[] contents = IdxFiles.unsignedBytes(new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 200, (byte) 254, (byte) 255});

        IdxArray plain = IdxArray.read(file("plain-idx2-ubyte", contents));
        IdxArray gzip = IdxArray.read(file("named-without-suffix", IdxFiles.gzip(contents)));

        assertThat(plain.header().type()).isEqualTo(IdxType.UNSIGNED_BYTE);
        assertThat(plain.header().dimensions()).containsExactly(2, 3);
        assertThat(plain.toDoubles()).containsExactly(0, 1, 2, 200, 254, 255);
        assertThat(gzip.toDoubles()).containsExactly(plain.toDoubles());
    }

    @Test
    void everyElementTypeDecodes() throws DatasetException {
        byte[] signedBytes = IdxFiles.concat(IdxFiles.header(0x09, 2), new byte[] {-3, 7});
        byte[] shorts = IdxFiles.concat(IdxFiles.header(0x0B, 2), ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 500).array());
        byte[] ints = IdxFiles.concat(IdxFiles.header(0x0C, 1), ByteBuffer.allocate(4).putInt(-70000).array());
        byte[] floats = IdxFiles.concat(IdxFiles.header(0x0D, 1), ByteBuffer.allocate(4).putFloat(0.5f).array());
        byte[] doubles = IdxFiles.concat(IdxFiles.header(0x0E, 1), ByteBuffer.allocate(8).putDouble(-1.25e-3).array());

        assertThat(IdxArray.read(file("signed", signedBytes)).toDoubles()).containsExactly(-3, 7);
        assertThat(IdxArray.read(file("shorts", shorts)).toDoubles()).containsExactly(-300, 500);
        assertThat(IdxArray.read(file("ints", ints)).toDoubles()).containsExactly(-70000);
        assertThat(IdxArray.read(file("floats", floats)).toDoubles()).containsExactly(0.5);
        assertThat(IdxArray.read(file("doubles", doubles)).toDoubles()).containsExactly(-1.25e-3);
    }

    @Test
    void headerReadsWithoutData() throws DatasetException {
        Path path = file("images", IdxFiles.gzip(IdxFiles.unsignedBytes(new int[] {4, 2, 2}, new byte[16])));

        IdxHeader header = IdxHeader.read(path);

        assertThat(header.dimensions()).containsExactly(4, 2, 2);
        assertThat(header.length()).isEqualTo(16);
        assertThat(header.toString()).isEqualTo("0x08 (unsigned byte) [4, 2, 2]");
    }

    @Test
    void nonZeroMagicBytesAreRejected() {
        Path path = file("text", "hello world".getBytes());

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": invalid IDX magic number 0x68656C6C: its first two bytes must be zero; this is not an uncompressed "
                        + "or gzip-compressed IDX file, so replace it with the file of the dataset's original download");
    }

    @Test
    void unknownTypeCodeIsRejected() {
        Path path = file("typed", IdxFiles.concat(IdxFiles.header(0x0A, 1), new byte[1]));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(path + ": invalid IDX magic number 0x00000A01: element type code 0x0A is not one of [0x08 (unsigned byte)");
    }

    @Test
    void zeroDimensionsAreRejected() {
        Path path = file("scalar", IdxFiles.header(0x08));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": invalid IDX magic number 0x00000800: the number of dimensions is 0");
    }

    @Test
    void headerEndingInsideMagicIsRejected() {
        Path path = file("short", new byte[] {0, 0});

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("the file ends inside the magic number after 2 bytes");
    }

    @Test
    void headerEndingInsideDimensionsIsRejected() {
        byte[] header = IdxFiles.header(0x08, 10, 28, 28);
        Path path = file("cut", Arrays.copyOf(header, 10));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": invalid IDX header: the file ends inside dimension 1 of 3");
    }

    @Test
    void dimensionAboveIntRangeIsRejected() {
        Path path = file("huge", IdxFiles.header(0x08, -1));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": invalid IDX header: dimension 0 is 4294967295, above the supported maximum 2147483647");
    }

    @Test
    void dataTooLargeForAnArrayIsRejected() {
        Path path = file("large", IdxFiles.header(0x0E, 100000, 100000));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("need 80000000000 bytes of data, more than one Java array can hold");
    }

    @Test
    void truncatedDataIsRejected() {
        Path path = file("truncated", IdxFiles.unsignedBytes(new int[] {3, 4}, new byte[7]));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": IDX data ends after 7 of 12 bytes that the header 0x08 (unsigned byte) [3, 4] requires;"
                        + " the file is truncated");
    }

    @Test
    void extraDataIsRejected() {
        Path path = file("long", IdxFiles.unsignedBytes(new int[] {2}, new byte[3]));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("IDX data is longer than the 2 bytes that the header 0x08 (unsigned byte) [2] requires");
    }

    @Test
    void truncatedGzipIsRejected() {
        byte[] gzip = IdxFiles.gzip(IdxFiles.unsignedBytes(new int[] {100, 10}, new byte[1000]));
        Path path = file("cut.gz", Arrays.copyOf(gzip, gzip.length - 12));

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(path + ": the gzip stream is truncated or corrupt");
    }

    @Test
    void missingFileIsNamed() {
        Path path = folder.resolve("absent-idx1-ubyte");

        assertThatThrownBy(() -> IdxArray.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": IDX file not found");
    }
}
