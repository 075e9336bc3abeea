package l2l.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.tensor.Tensor;

class SafeTensorsTest {

    @TempDir
    Path folder;

    /** Builds a safetensors file from a header text and raw data bytes. */
    private static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json).put(data);
        return buffer.array();
    }

    private static byte[] doubles(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            buffer.putDouble(value);
        }
        return buffer.array();
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        Path path = folder.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    @Test
    void roundTripKeepsValuesShapesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("lstm.weight_ih", Tensor.of(new double[] {1.5, -2, Math.PI, 1e-300, -0.0, 7}, 3, 2));
        tensors.put("bias", Tensor.vector(0.25));
        tensors.put("step", Tensor.scalar(12));
        tensors.put("empty", Tensor.zeros(0, 4));
        Path path = folder.resolve("model.safetensors");

        SafeTensors.write(path, tensors, Map.of("seed", "42", "config", "{\"hidden\": 20}"));
        SafeTensors.Contents contents = SafeTensors.read(path);

        assertThat(contents.tensors()).containsOnlyKeys("lstm.weight_ih", "bias", "step", "empty");
        assertThat(contents.tensors().keySet()).containsExactly("bias", "empty", "lstm.weight_ih", "step");
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            assertThat(contents.tensor(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(contents.metadata()).containsEntry("seed", "42").containsEntry("config", "{\"hidden\": 20}");
    }

    @Test
    void headerIsPaddedAndDescribesF64() throws IOException {
        Path path = folder.resolve("one.safetensors");

        SafeTensors.write(path, Map.of("x", Tensor.vector(1, 2)), Map.of());

        byte[] bytes = Files.readAllBytes(path);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(headerLength % 8).isZero();
        assertThat(header.trim()).isEqualTo("{\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        assertThat(bytes.length).isEqualTo(8 + headerLength + 16);
        assertThat(Arrays.copyOfRange(bytes, bytes.length - 16, bytes.length)).isEqualTo(doubles(1, 2));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path path = folder.resolve("model.safetensors");
        SafeTensors.write(path, Map.of("x", Tensor.vector(1)), Map.of());

        SafeTensors.write(path, Map.of("x", Tensor.vector(2)), Map.of());

        assertThat(SafeTensors.read(path).tensor("x")).isEqualTo(Tensor.vector(2));
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(path);
        }
    }

    @Test
    void writtenFileHasDefaultPermissions() throws IOException {
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "the file system has no POSIX permissions");
        Path reference = Files.createFile(folder.resolve("reference"));
        Path path = folder.resolve("model.safetensors");

        SafeTensors.write(path, Map.of("x", Tensor.vector(1)), Map.of());

        assertThat(Files.getPosixFilePermissions(path)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void writeIntoMissingFolderFails() {
        assertThatThrownBy(() -> SafeTensors.write(folder.resolve("missing/model.safetensors"), Map.of(), Map.of()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void readsFloat32() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-0.25f);
        Path path = writeBytes("f32.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data.array()));

        assertThat(SafeTensors.read(path).tensor("w")).isEqualTo(Tensor.vector(1.5, -0.25));
    }

    @Test
    void missingTensorNameListsAvailable() throws IOException {
        Path path = folder.resolve("model.safetensors");
        SafeTensors.write(path, Map.of("a", Tensor.vector(1)), Map.of());

        assertThatThrownBy(() -> SafeTensors.read(path).tensor("b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No tensor named 'b'; the file has [a]");
    }

    @Test
    void truncatedLengthFieldRejected() throws IOException {
        Path path = writeBytes("short.safetensors", new byte[] {1, 2, 3});

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessage(path + ": truncated: the file has 3 bytes, but a safetensors file starts with an 8-byte header length");
    }

    @Test
    void truncatedDataRejected() throws IOException {
        Path complete = folder.resolve("complete.safetensors");
        SafeTensors.write(complete, Map.of("x", Tensor.vector(1, 2, 3)), Map.of());
        byte[] bytes = Files.readAllBytes(complete);
        Path path = writeBytes("cut.safetensors", Arrays.copyOf(bytes, bytes.length - 5));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("truncated: the tensors need 24 bytes of data, but the file has 19");
    }

    @Test
    void truncatedHeaderRejected() throws IOException {
        Path path = writeBytes("header.safetensors", Arrays.copyOf(file("{\"x\":{}}", new byte[0]), 12));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("truncated: the header length field is 8 bytes, but only 4 bytes follow it");
    }

    @Test
    void foreignFileRejected() throws IOException {
        Path path = writeBytes("notes.txt", "Hello, this is plain text and not tensors.".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("the header length field is")
                .hasMessageContaining("this is not a safetensors file");
    }

    @Test
    void invalidJsonHeaderRejected() throws IOException {
        Path path = writeBytes("json.safetensors", file("{\"x\": [", new byte[0]));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("the header is not valid JSON");
    }

    @Test
    void unsupportedDtypeNamed() throws IOException {
        Path path = writeBytes("int.safetensors", file("{\"n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("field 'n.dtype' is 'I64', but only F64 and F32 can be read");
    }

    @Test
    void offsetsDisagreeingWithShapeRejected() throws IOException {
        Path path = writeBytes("size.safetensors", file("{\"x\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,16]}}", new byte[16]));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("field 'x.data_offsets' is [0, 16], but shape [3] of F64 needs 24 bytes");
    }

    @Test
    void gapBetweenTensorsRejected() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
        Path path = writeBytes("gap.safetensors", file(header, new byte[24]));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("field 'b.data_offsets' starts at byte 16 and leaves bytes [8, 16) unused");
    }

    @Test
    void nonStringMetadataRejected() throws IOException {
        Path path = writeBytes("meta.safetensors", file("{\"__metadata__\":{\"seed\":42}}", new byte[0]));

        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining("field '__metadata__.seed' is a JSON number, expected a string");
    }

    @Test
    void reservedNameRejectedOnWrite() {
        assertThatThrownBy(() -> SafeTensors.write(folder.resolve("x.safetensors"), Map.of("__metadata__", Tensor.vector(1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid tensor name '__metadata__'");
    }
}
