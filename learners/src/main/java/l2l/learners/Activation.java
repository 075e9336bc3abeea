package l2l.learners;

import java.util.Arrays;
import java.util.Locale;

import l2l.autodiff.Variable;

/** The element-wise nonlinearity of a hidden layer. */
public enum Activation {
    /** {@code 1 / (1 + e^-x)}, as in the MNIST experiments of Andrychowicz et al. (2016). */
    SIGMOID,
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code tanh(x)}. */
    TANH;

    /** Returns the activation applied to every element of {@code x}. */
    public Variable apply(Variable x) {
        switch (this) {
            case SIGMOID:
                return x.sigmoid();
            case RELU:
                return x.relu();
            case TANH:
                return x.tanh();
            default:
                throw new AssertionError(this);
        }
    }

    /** Returns the lower-case name, such as {@code sigmoid}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the activation named {@code key}, in any case.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static Activation fromKey(String key) {
        for (Activation activation : values()) {
            if (activation.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return activation;
            }
        }
        throw new IllegalArgumentException("Unknown activation '" + key + "'; expected one of "
                + Arrays.toString(Arrays.stream(values()).map(Activation::key).toArray()));
    }
}
