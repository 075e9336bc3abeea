package l2l.metalearner.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * A saved model: what kind of model it is, the configuration that fixes its architecture, where
 * it came from, and its weights by name.
 *
 * @param kind the model kind, for example {@code l2l.lstm-optimizer}; a reader rejects other kinds
 * @param config the settings needed to rebuild the model (JSON values: strings, numbers,
 *     booleans, lists, maps)
 * @param provenance how the model was made: seed, problem family, steps, versions (JSON values)
 * @param tensors the weights by name, in PyTorch's layouts where a PyTorch counterpart exists
 */
public record Checkpoint(String kind, Map<String, Object> config, Map<String, Object> provenance, Map<String, Tensor> tensors) {

    /** Makes unmodifiable copies of the maps, keeping their order. */
    public Checkpoint {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("Checkpoint kind must not be blank");
        }
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * Returns the tensor {@code name} after checking its shape.
     *
     * @param file the file this checkpoint was read from, named in the message
     * @throws CheckpointException if the tensor is missing or has another shape, which means the
     *     file holds another architecture than its configuration states
     */
    public Tensor tensor(Path file, String name, int... expectedShape) throws CheckpointException {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException(file, "missing tensor '" + name + "'; the file has " + tensors.keySet());
        }
        if (!tensor.hasShape(expectedShape)) {
            throw new CheckpointException(file, "tensor '" + name + "' has shape " + Shapes.toString(tensor.shape())
                    + " but the configuration needs " + Shapes.toString(expectedShape) + Checkpoints.MISMATCHED_TENSORS);
        }
        return tensor;
    }

    /**
     * Returns the configuration value {@code key} as a number.
     *
     * @throws CheckpointException if it is missing or not a number
     */
    public double number(Path file, String key) throws CheckpointException {
        Object value = config.get(key);
        if (!(value instanceof Number)) {
            throw new CheckpointException(file, "configuration field '" + key + "' must be a number, found " + describe(value)
                    + Checkpoints.DAMAGED_METADATA);
        }
        return ((Number) value).doubleValue();
    }

    /**
     * Returns the configuration value {@code key} as an int.
     *
     * @throws CheckpointException if it is missing, not a number, or not a whole number in int range
     */
    public int integer(Path file, String key) throws CheckpointException {
        double value = number(file, key);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new CheckpointException(file, "configuration field '" + key + "' must be a whole number, found " + value
                    + Checkpoints.DAMAGED_METADATA);
        }
        return (int) value;
    }

    /**
     * Returns the configuration value {@code key} as a string.
     *
     * @throws CheckpointException if it is missing or not a string
     */
    public String string(Path file, String key) throws CheckpointException {
        Object value = config.get(key);
        if (!(value instanceof String)) {
            throw new CheckpointException(file, "configuration field '" + key + "' must be a string, found " + describe(value)
                    + Checkpoints.DAMAGED_METADATA);
        }
        return (String) value;
    }

    /**
     * Returns the configuration value {@code key} as a boolean.
     *
     * @throws CheckpointException if it is missing or not a boolean
     */
    public boolean flag(Path file, String key) throws CheckpointException {
        Object value = config.get(key);
        if (!(value instanceof Boolean)) {
            throw new CheckpointException(file, "configuration field '" + key + "' must be true or false, found " + describe(value)
                    + Checkpoints.DAMAGED_METADATA);
        }
        return (Boolean) value;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "'";
    }
}
