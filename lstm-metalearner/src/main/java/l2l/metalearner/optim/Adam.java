package l2l.metalearner.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) in PyTorch's form, with bias correction:
 * {@code m <- b1 m + (1 - b1) g}, {@code v <- b2 v + (1 - b2) g^2},
 * {@code theta <- theta - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public final class Adam extends FlatOptimizer {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The default decay of the gradient average. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** The default decay of the squared-gradient average. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** The default term added to the denominator for numerical stability. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double[] mean;
    private double[] meanSquare;

    public Adam() {
        this(DEFAULT_LEARNING_RATE);
    }

    public Adam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = requirePositive("adam", "learning rate", learningRate);
        this.beta1 = requireFraction("adam", "beta1", beta1);
        this.beta2 = requireFraction("adam", "beta2", beta2);
        this.epsilon = requirePositive("adam", "epsilon", epsilon);
    }

    @Override
    public String name() {
        return "adam";
    }

    /** Returns the current learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate of the following steps and keeps the moment estimates, as a learning
     * rate schedule does.
     *
     * @throws IllegalArgumentException if the rate is not a positive finite number
     */
    public void setLearningRate(double learningRate) {
        this.learningRate = requirePositive("adam", "learning rate", learningRate);
    }

    @Override
    void clearState(int n) {
        mean = new double[n];
        meanSquare = new double[n];
    }

    @Override
    void update(double[] parameters, double[] gradient, int step) {
        double stepSize = learningRate / (1 - Math.pow(beta1, step));
        double rootCorrection = Math.sqrt(1 - Math.pow(beta2, step));
        for (int i = 0; i < parameters.length; i++) {
            double g = gradient[i];
            mean[i] = beta1 * mean[i] + (1 - beta1) * g;
            meanSquare[i] = beta2 * meanSquare[i] + (1 - beta2) * g * g;
            parameters[i] -= stepSize * mean[i] / (Math.sqrt(meanSquare[i]) / rootCorrection + epsilon);
        }
    }

    @Override
    Map<String, double[]> buffers() {
        Map<String, double[]> buffers = new LinkedHashMap<>();
        buffers.put("mean", mean);
        buffers.put("mean_square", meanSquare);
        return buffers;
    }
}
