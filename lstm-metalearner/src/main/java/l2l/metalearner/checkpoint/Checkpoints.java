package l2l.metalearner.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import l2l.tensor.io.Json;
import l2l.tensor.io.JsonParseException;
import l2l.tensor.io.SafeTensors;
import l2l.tensor.io.SafeTensorsFormatException;

/**
 * Reads and writes {@link Checkpoint}s as safetensors files, which PyTorch users can open with the
 * {@code safetensors} package.
 *
 * <p>The tensors are stored as F64 under their names. The header's {@code __metadata__} holds
 * five strings:
 * <ul>
 *   <li>{@code format}: always {@value #FORMAT};
 *   <li>{@code format_version}: {@value #FORMAT_VERSION} for files this version writes;
 *   <li>{@code kind}: the model kind, such as {@code l2l.lstm-optimizer};
 *   <li>{@code config}: a JSON object with the settings that fix the architecture;
 *   <li>{@code provenance}: a JSON object saying how the model was made (seed, problem family,
 *       steps, versions).
 * </ul>
 * Files are written atomically, so an interrupted write never replaces a good checkpoint with a
 * partial one.
 */
public final class Checkpoints {

    /** The value of the {@code format} metadata field of every l2l checkpoint. */
    public static final String FORMAT = "l2l-checkpoint";
    /** The format version this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The end of every message about unusable metadata: what it means and what to do. */
    public static final String DAMAGED_METADATA = ". The checkpoint's metadata is damaged or was edited; use another checkpoint of "
            + "the run, or train again";
    /** The end of every message about tensors that do not fit the kind or the configuration in the metadata. */
    public static final String MISMATCHED_TENSORS = "; l2l writes the configuration and the tensors together, so the file was edited "
            + "or damaged, or another program wrote it. Use the original file or another checkpoint of the run, or train again";

    private Checkpoints() {
    }

    /**
     * Writes {@code checkpoint} to {@code file} atomically.
     *
     * @throws IOException if the folder does not exist or the file cannot be written
     */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", Integer.toString(FORMAT_VERSION));
        metadata.put("kind", checkpoint.kind());
        metadata.put("config", Json.write(checkpoint.config()));
        metadata.put("provenance", Json.write(checkpoint.provenance()));
        SafeTensors.write(file, checkpoint.tensors(), metadata);
    }

    /**
     * Reads the checkpoint in {@code file} and checks that it is an l2l checkpoint of
     * {@code expectedKind} in a format version this code reads.
     *
     * @throws CheckpointException if the file is missing, unreadable, corrupt, foreign, of another
     *     kind or of a newer format version
     */
    public static Checkpoint read(Path file, String expectedKind) throws CheckpointException {
        return read(file, expectedKind, "give a checkpoint of kind '" + expectedKind + "'");
    }

    /**
     * Reads the checkpoint in {@code file} like {@link #read(Path, String)}, and ends the message
     * about a model of another kind with {@code otherKindAdvice}, which names where files of
     * {@code expectedKind} come from, such as "give an LSTM optimizer written by 'l2l train'".
     *
     * @throws CheckpointException if the file is missing, unreadable, corrupt, foreign, of another
     *     kind or of a newer format version
     */
    public static Checkpoint read(Path file, String expectedKind, String otherKindAdvice) throws CheckpointException {
        if (file.toString().isEmpty()) {
            throw new CheckpointException(file, "the path is empty; give the checkpoint file, such as runs/first/best.safetensors");
        }
        if (Files.isDirectory(file)) {
            throw new CheckpointException(file, "is a folder, not a checkpoint file; give the file in it, such as "
                    + file.resolve("best.safetensors"));
        }
        SafeTensors.Contents contents;
        try {
            contents = SafeTensors.read(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found; check the path, or train a model first to create it");
        } catch (SafeTensorsFormatException e) {
            throw new CheckpointException(file, "not a valid safetensors file: " + e.problem() + ". The file is damaged or of another "
                    + "format; use another checkpoint of the run, or train again", e);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read: " + e, e);
        }

        Map<String, String> metadata = contents.metadata();
        String format = metadata.get("format");
        if (!FORMAT.equals(format)) {
            throw new CheckpointException(file, "not an l2l checkpoint: metadata field 'format' is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT
                    + "'; give a checkpoint that l2l wrote");
        }
        int version = parseVersion(file, metadata.get("format_version"));
        if (version > FORMAT_VERSION) {
            throw new CheckpointException(file, "format version " + version + " is newer than this l2l reads (" + FORMAT_VERSION
                    + "); upgrade l2l to read it");
        }
        String kind = metadata.get("kind");
        if (!expectedKind.equals(kind)) {
            throw new CheckpointException(file, "holds a model of kind '" + kind + "', expected '" + expectedKind + "'; " + otherKindAdvice);
        }
        Map<String, Object> config = parseObject(file, metadata, "config");
        Map<String, Object> provenance = parseObject(file, metadata, "provenance");
        return new Checkpoint(kind, config, provenance, contents.tensors());
    }

    private static int parseVersion(Path file, String text) throws CheckpointException {
        if (text == null) {
            throw new CheckpointException(file, "metadata field 'format_version' is missing" + DAMAGED_METADATA);
        }
        try {
            int version = Integer.parseInt(text);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "metadata field 'format_version' must be a positive whole number, found '" + text + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(Path file, Map<String, String> metadata, String field) throws CheckpointException {
        String text = metadata.get(field);
        if (text == null) {
            throw new CheckpointException(file, "metadata field '" + field + "' is missing" + DAMAGED_METADATA);
        }
        Object value;
        try {
            value = Json.parse(text);
        } catch (JsonParseException e) {
            throw new CheckpointException(file, "metadata field '" + field + "' is not valid JSON: " + e.getMessage() + DAMAGED_METADATA, e);
        }
        if (!(value instanceof Map)) {
            throw new CheckpointException(file, "metadata field '" + field + "' must be a JSON object" + DAMAGED_METADATA);
        }
        return (Map<String, Object>) value;
    }
}
