package l2l.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * Reads and writes named tensors in the safetensors format, which PyTorch users read with the
 * {@code safetensors} package.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N, then N bytes of UTF-8 JSON, then
 * the data. The JSON object maps each tensor name to
 * {@code {"dtype": "F64", "shape": [2, 3], "data_offsets": [begin, end]}}, with byte offsets
 * relative to the start of the data, and may hold {@code "__metadata__"}, an object of string
 * values. Data are little-endian and row-major.
 *
 * <p>{@link #write} stores every tensor as F64, in name order, and pads the header with spaces to
 * a multiple of 8 bytes. {@link #read} accepts F64 and F32 (converted to double) and checks that
 * the offsets cover the data exactly, without gaps or overlaps.
 */
public final class SafeTensors {

    /** The key of the optional string-to-string map in the header. */
    public static final String METADATA_KEY = "__metadata__";

    /** Largest header accepted when reading, as in the reference implementation. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int HEADER_ALIGNMENT = 8;

    private SafeTensors() {
    }

    /**
     * The tensors of a file, in name order, and its metadata.
     *
     * @param tensors the tensors by name
     * @param metadata the {@code __metadata__} strings, empty if the file has none
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {

        /** Makes unmodifiable copies of both maps, keeping their order. */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /**
         * Returns the tensor named {@code name}.
         *
         * @throws IllegalArgumentException if the file has no such tensor; the message lists the names it has
         */
        public Tensor tensor(String name) {
            Tensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException("No tensor named '" + name + "'; the file has " + tensors.keySet());
            }
            return tensor;
        }
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file} atomically: the bytes go to a
     * temporary file in the same folder, which then replaces {@code file} in one move, so a reader
     * sees either the old file or the complete new one.
     *
     * @throws IllegalArgumentException if a name is empty or is {@value #METADATA_KEY}
     * @throws IOException if the folder does not exist or the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : sorted.entrySet()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("SafeTensors.write: invalid tensor name '" + name + "'; names must be non-empty and not "
                        + METADATA_KEY);
            }
            Tensor tensor = entry.getValue();
            long end = offset + (long) tensor.size() * Double.BYTES;
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("dtype", "F64");
            description.put("shape", tensor.shape());
            description.put("data_offsets", List.of(offset, end));
            header.put(name, description);
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;

        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        // Files.createFile applies the default permissions (0666 less the umask), which the moved file keeps.
        // Files.createTempFile would create it with 0600, readable by its owner only.
        Path temporary = Files.createFile(folder.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp"));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(padded);
                prefix.put(json);
                while (prefix.hasRemaining()) {
                    prefix.put((byte) ' ');
                }
                prefix.flip();
                writeFully(channel, prefix);
                for (Tensor tensor : sorted.values()) {
                    ByteBuffer values = ByteBuffer.allocate(tensor.size() * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    values.asDoubleBuffer().put(tensor.toArray());
                    writeFully(channel, values);
                }
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Reads every tensor and the metadata of {@code file}.
     *
     * @throws SafeTensorsFormatException if the file is truncated, is not a safetensors file, or
     *     uses a data type other than F64 and F32
     * @throws IOException if the file cannot be read
     */
    public static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < Long.BYTES) {
            throw new SafeTensorsFormatException(file, "truncated: the file has " + size
                    + " bytes, but a safetensors file starts with an 8-byte header length");
        }
        if (size > Integer.MAX_VALUE) {
            throw new SafeTensorsFormatException(file, "the file has " + size + " bytes; files over 2 GiB are not supported");
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(file, "the header length field is " + Long.toUnsignedString(headerLength)
                    + ", expected between 2 and " + MAX_HEADER_BYTES + "; this is not a safetensors file");
        }
        if (Long.BYTES + headerLength > size) {
            throw new SafeTensorsFormatException(file, "truncated: the header length field is " + headerLength + " bytes, but only "
                    + (size - Long.BYTES) + " bytes follow it");
        }
        int dataStart = Long.BYTES + (int) headerLength;
        Map<String, Object> header = parseHeader(file, bytes, (int) headerLength);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> field : header.entrySet()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata.putAll(parseMetadata(file, field.getValue()));
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue()));
            }
        }
        checkCoverage(file, entries, bytes.length - dataStart);

        Map<String, Tensor> tensors = new TreeMap<>();
        for (Entry entry : entries) {
            double[] values = new double[Shapes.size(entry.shape)];
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) entry.begin, (int) (entry.end - entry.begin))
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
            if (entry.bytesPerValue == Double.BYTES) {
                data.asDoubleBuffer().get(values);
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.getFloat(i * Float.BYTES);
                }
            }
            tensors.put(entry.name, Tensor.of(values, entry.shape));
        }
        return new Contents(tensors, metadata);
    }

    private static Map<String, Object> parseHeader(Path file, byte[] bytes, int length) throws SafeTensorsFormatException {
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, Long.BYTES, length));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(file, "the header is not UTF-8 text; this is not a safetensors file", e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonParseException e) {
            throw new SafeTensorsFormatException(file, "the header is not valid JSON (" + e.getMessage() + "); this is not a safetensors file", e);
        }
        if (!(parsed instanceof Map)) {
            throw new SafeTensorsFormatException(file, "the header is a JSON " + jsonType(parsed) + ", expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) parsed;
        return header;
    }

    private static Map<String, String> parseMetadata(Path file, Object value) throws SafeTensorsFormatException {
        if (!(value instanceof Map)) {
            throw new SafeTensorsFormatException(file, "field '" + METADATA_KEY + "' is a JSON " + jsonType(value) + ", expected an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> item : ((Map<?, ?>) value).entrySet()) {
            if (!(item.getValue() instanceof String)) {
                throw new SafeTensorsFormatException(file, "field '" + METADATA_KEY + "." + item.getKey() + "' is a JSON "
                        + jsonType(item.getValue()) + ", expected a string");
            }
            metadata.put((String) item.getKey(), (String) item.getValue());
        }
        return metadata;
    }

    /** One tensor's header entry. */
    private static final class Entry {

        final String name;
        final int[] shape;
        final int bytesPerValue;
        final long begin;
        final long end;

        Entry(String name, int[] shape, int bytesPerValue, long begin, long end) {
            this.name = name;
            this.shape = shape;
            this.bytesPerValue = bytesPerValue;
            this.begin = begin;
            this.end = end;
        }
    }

    private static Entry parseEntry(Path file, String name, Object value) throws SafeTensorsFormatException {
        if (!(value instanceof Map)) {
            throw new SafeTensorsFormatException(file, "field '" + name + "' is a JSON " + jsonType(value)
                    + ", expected an object with dtype, shape and data_offsets");
        }
        Map<?, ?> fields = (Map<?, ?>) value;
        for (Object key : fields.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafeTensorsFormatException(file, "field '" + name + "." + key + "' is unknown; expected only dtype, shape and data_offsets");
            }
        }
        Object dtype = fields.get("dtype");
        int bytesPerValue;
        if ("F64".equals(dtype)) {
            bytesPerValue = Double.BYTES;
        } else if ("F32".equals(dtype)) {
            bytesPerValue = Float.BYTES;
        } else {
            throw new SafeTensorsFormatException(file, "field '" + name + ".dtype' is " + describe(dtype)
                    + ", but only F64 and F32 can be read; convert the tensor to float64 before saving");
        }
        long[] shapeValues = integers(file, name + ".shape", fields.get("shape"), -1);
        int[] shape = new int[shapeValues.length];
        for (int i = 0; i < shape.length; i++) {
            if (shapeValues[i] < 0 || shapeValues[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(file, "field '" + name + ".shape' has the dimension " + shapeValues[i]
                        + ", expected an integer in [0, " + Integer.MAX_VALUE + "]");
            }
            shape[i] = (int) shapeValues[i];
        }
        long[] offsets = integers(file, name + ".data_offsets", fields.get("data_offsets"), 2);
        long count;
        try {
            count = Shapes.size(shape);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsFormatException(file, "field '" + name + ".shape' is too large: " + e.getMessage(), e);
        }
        long expectedBytes = count * bytesPerValue;
        if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] - offsets[0] != expectedBytes) {
            throw new SafeTensorsFormatException(file, "field '" + name + ".data_offsets' is [" + offsets[0] + ", " + offsets[1]
                    + "], but shape " + Shapes.toString(shape) + " of " + dtype + " needs " + expectedBytes + " bytes");
        }
        return new Entry(name, shape, bytesPerValue, offsets[0], offsets[1]);
    }

    private static long[] integers(Path file, String field, Object value, int expectedCount) throws SafeTensorsFormatException {
        if (!(value instanceof List)) {
            throw new SafeTensorsFormatException(file, "field '" + field + "' is " + (value == null ? "missing" : "a JSON " + jsonType(value))
                    + ", expected an array of integers");
        }
        List<?> list = (List<?>) value;
        if (expectedCount >= 0 && list.size() != expectedCount) {
            throw new SafeTensorsFormatException(file, "field '" + field + "' has " + list.size() + " values, expected " + expectedCount);
        }
        long[] result = new long[list.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(list.get(i) instanceof Long)) {
                throw new SafeTensorsFormatException(file, "field '" + field + "' holds " + describe(list.get(i)) + " at position " + i
                        + ", expected an integer");
            }
            result[i] = (Long) list.get(i);
        }
        return result;
    }

    /** Checks that the byte ranges of the tensors tile {@code [0, dataLength)} without gaps or overlaps. */
    private static void checkCoverage(Path file, List<Entry> entries, long dataLength) throws SafeTensorsFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong((Entry entry) -> entry.begin).thenComparingLong(entry -> entry.end));
        long position = 0;
        for (Entry entry : byOffset) {
            if (entry.begin != position) {
                String problem = entry.begin > position ? "leaves bytes [" + position + ", " + entry.begin + ") unused"
                        : "overlaps the previous tensor, which ends at byte " + position;
                throw new SafeTensorsFormatException(file, "field '" + entry.name + ".data_offsets' starts at byte " + entry.begin
                        + " and " + problem + "; the tensors must cover the data without gaps");
            }
            position = entry.end;
        }
        if (position != dataLength) {
            String problem = position > dataLength ? "truncated: the tensors need " + position + " bytes of data, but the file has "
                    + dataLength : "the tensors cover " + position + " bytes of data, but the file has " + dataLength
                    + " bytes after the header";
            throw new SafeTensorsFormatException(file, problem);
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "missing";
        }
        if (value instanceof String) {
            return "'" + value + "'";
        }
        return "the JSON " + jsonType(value) + " " + value;
    }

    private static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "number";
    }
}
