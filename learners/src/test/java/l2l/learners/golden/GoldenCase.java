package l2l.learners.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.tensor.Tensor;
import l2l.tensor.Tolerance;
import l2l.tensor.io.Json;
import l2l.tensor.io.JsonParseException;

/**
 * One reference case: a JSON file with {@code kind}, {@code description}, {@code tolerance}
 * ({@code abs}, {@code rel}), {@code config} (scalar settings), and {@code inputs} and
 * {@code expected}, each a map from name to {@code {"shape": [...], "data": [...]}} with the data
 * row-major.
 */
record GoldenCase(Path file, String kind, String description, Tolerance tolerance, Map<String, Object> config,
        Map<String, Tensor> inputs, Map<String, Tensor> expected) {

    /**
     * Reads and validates a case file.
     *
     * @throws IllegalArgumentException naming the file and the field that is missing or invalid
     */
    static GoldenCase read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": invalid JSON: " + e.getMessage(), e);
        }
        Map<String, Object> root = object(file, "the file", parsed);
        String kind = string(file, "kind", root.get("kind"));
        String description = root.get("description") == null ? "" : string(file, "description", root.get("description"));
        Map<String, Object> tolerance = object(file, "tolerance", root.get("tolerance"));
        Tolerance parsedTolerance = new Tolerance(number(file, "tolerance.abs", tolerance.get("abs")),
                number(file, "tolerance.rel", tolerance.get("rel")));
        Map<String, Object> config = root.get("config") == null ? Map.of() : object(file, "config", root.get("config"));
        return new GoldenCase(file, kind, description, parsedTolerance, config, tensors(file, "inputs", root.get("inputs")),
                tensors(file, "expected", root.get("expected")));
    }

    /** Returns input {@code name}, or throws naming the file and the inputs it has. */
    Tensor input(String name) {
        Tensor tensor = inputs.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException(file + ": missing input '" + name + "'; the case has " + inputs.keySet());
        }
        return tensor;
    }

    /** Returns the number at {@code config.name}, or throws naming the file. */
    double configNumber(String name) {
        return number(file, "config." + name, config.get(name));
    }

    /** Returns the whole number at {@code config.name}, or throws naming the file. */
    int configInteger(String name) {
        double value = configNumber(name);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException(file + ": field 'config." + name + "' is " + value + ", expected a whole number");
        }
        return (int) value;
    }

    private static Map<String, Tensor> tensors(Path file, String field, Object value) {
        Map<String, Object> entries = object(file, field, value);
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            String name = field + "." + entry.getKey();
            Map<String, Object> description = object(file, name, entry.getValue());
            List<?> shapeList = list(file, name + ".shape", description.get("shape"));
            List<?> dataList = list(file, name + ".data", description.get("data"));
            int[] shape = new int[shapeList.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = (int) number(file, name + ".shape[" + i + "]", shapeList.get(i));
            }
            double[] data = new double[dataList.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = number(file, name + ".data[" + i + "]", dataList.get(i));
            }
            try {
                result.put(entry.getKey(), Tensor.of(data, shape));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": field '" + name + "' is invalid: " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Path file, String field, Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(file + ": field '" + field + "' is " + (value == null ? "missing" : value.getClass().getSimpleName())
                    + ", expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Path file, String field, Object value) {
        if (!(value instanceof List)) {
            throw new IllegalArgumentException(file + ": field '" + field + "' is " + (value == null ? "missing" : value.getClass().getSimpleName())
                    + ", expected a JSON array");
        }
        return (List<?>) value;
    }

    private static String string(Path file, String field, Object value) {
        if (!(value instanceof String)) {
            throw new IllegalArgumentException(file + ": field '" + field + "' is " + (value == null ? "missing" : value.getClass().getSimpleName())
                    + ", expected a string");
        }
        return (String) value;
    }

    private static double number(Path file, String field, Object value) {
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException(file + ": field '" + field + "' is " + (value == null ? "missing" : value.getClass().getSimpleName())
                    + ", expected a number");
        }
        return ((Number) value).doubleValue();
    }
}
