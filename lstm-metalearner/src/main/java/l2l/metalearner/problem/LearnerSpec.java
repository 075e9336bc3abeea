package l2l.metalearner.problem;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import l2l.tensor.Shapes;

/**
 * What a {@link LearnerProvider} needs to build a learner: the data's example shape, the number of
 * classes, and the learner's own options as text (for example {@code hidden=20}), as a command line
 * passes them.
 *
 * @param inputShape the shape of one example, without the batch dimension
 * @param classes the number of classes, at least 2
 * @param options learner-specific settings by name
 */
public record LearnerSpec(int[] inputShape, int classes, Map<String, String> options) {

    /** Copies the arguments and checks them. */
    public LearnerSpec {
        inputShape = inputShape.clone();
        for (int dimension : inputShape) {
            if (dimension <= 0) {
                throw new IllegalArgumentException("Input shape " + Shapes.toString(inputShape) + " must have positive dimensions");
            }
        }
        if (classes < 2) {
            throw new IllegalArgumentException("A classifier needs at least 2 classes, got " + classes);
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Returns a spec without options. */
    public LearnerSpec(int[] inputShape, int classes) {
        this(inputShape, classes, Map.of());
    }

    /** Returns a copy of the example shape. */
    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Returns option {@code key}, or {@code defaultValue} when it is not set. */
    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }

    /**
     * Returns option {@code key} as a positive int, or {@code defaultValue} when it is not set.
     *
     * @throws IllegalArgumentException if the option is set but is not a positive whole number
     */
    public int positiveIntOption(String key, int defaultValue) {
        String text = options.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("Learner option " + key + "=" + text + " is invalid; expected a positive whole number");
    }

    /**
     * Returns option {@code key} as a positive finite number, or {@code defaultValue} when it is
     * not set.
     *
     * @throws IllegalArgumentException if the option is set but is not a positive finite number
     */
    public double positiveDoubleOption(String key, double defaultValue) {
        String text = options.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("Learner option " + key + "=" + text + " is invalid; expected a positive number");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LearnerSpec that && Arrays.equals(inputShape, that.inputShape) && classes == that.classes
                && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(inputShape) + classes) + options.hashCode();
    }

    @Override
    public String toString() {
        return "LearnerSpec[inputShape=" + Shapes.toString(inputShape) + ", classes=" + classes + ", options=" + options + "]";
    }
}
