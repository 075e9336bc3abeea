package l2l.metalearner.coordinatewise;

/**
 * The settings that fix the architecture of the coordinate-wise LSTM optimizer of Andrychowicz et
 * al. (2016), "Learning to learn by gradient descent by gradient descent": two stacked LSTM cells
 * of {@code hiddenSize} units and a linear output, applied to every coordinate with shared
 * weights.
 *
 * <p>The input of a coordinate is its gradient {@code g}, either preprocessed into the pair
 * {@code (log|g| / p, sign g)} when {@code |g| >= e^-p}, else {@code (-1, e^p g)} (input size 2),
 * or raw (input size 1). The update is {@code outputScale} times the linear output.
 *
 * @param hiddenSize the units per LSTM layer, at least 1
 * @param preprocessing whether the gradient is preprocessed; if false, {@code p} is ignored
 * @param p the preprocessing parameter, positive and finite
 * @param outputScale the factor applied to the linear output, positive and finite
 */
public record LstmOptimizerConfig(int hiddenSize, boolean preprocessing, double p, double outputScale) {

    /** The number of stacked LSTM cells. */
    public static final int LAYERS = 2;
    /** The default hidden size. */
    public static final int DEFAULT_HIDDEN_SIZE = 20;
    /** The default preprocessing parameter. */
    public static final double DEFAULT_P = 10;
    /** The default output scale. */
    public static final double DEFAULT_OUTPUT_SCALE = 0.1;

    /** The defaults: 20 hidden units, preprocessing with p = 10, output scale 0.1. */
    public static final LstmOptimizerConfig DEFAULT =
            new LstmOptimizerConfig(DEFAULT_HIDDEN_SIZE, true, DEFAULT_P, DEFAULT_OUTPUT_SCALE);

    /** Validates the settings. */
    public LstmOptimizerConfig {
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("LSTM optimizer: hidden size must be at least 1, got " + hiddenSize);
        }
        if (!(p > 0) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("LSTM optimizer: preprocessing parameter p must be a positive finite number, got " + p);
        }
        if (!(outputScale > 0) || !Double.isFinite(outputScale)) {
            throw new IllegalArgumentException("LSTM optimizer: output scale must be a positive finite number, got " + outputScale);
        }
    }

    /** Returns the setting Andrychowicz et al. use on quadratics: raw gradients and output scale 1. */
    public static LstmOptimizerConfig paperQuadratic() {
        return new LstmOptimizerConfig(DEFAULT_HIDDEN_SIZE, false, DEFAULT_P, 1.0);
    }

    /** Returns the setting of DeepMind's published code: preprocessing with p = 5 and output scale 0.01. */
    public static LstmOptimizerConfig deepMind() {
        return new LstmOptimizerConfig(DEFAULT_HIDDEN_SIZE, true, 5, 0.01);
    }

    /** Returns the number of input features per coordinate: 2 with preprocessing, 1 without. */
    public int inputSize() {
        return preprocessing ? 2 : 1;
    }

    /** Returns a short description such as {@code hidden 20, p 10, scale 0.1}. */
    public String describe() {
        return "hidden " + hiddenSize + ", " + (preprocessing ? "p " + p : "no preprocessing") + ", scale " + outputScale;
    }
}
