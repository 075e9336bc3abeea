package l2l.metalearner.optim;

import java.util.Map;

/**
 * RMSprop (Tieleman and Hinton 2012) in PyTorch's form: {@code v <- alpha * v + (1 - alpha) g^2},
 * {@code theta <- theta - lr * g / (sqrt(v) + eps)}, with {@code v} starting at zero.
 */
public final class RmsProp extends FlatOptimizer {

    /** The default learning rate, as in PyTorch. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** The default decay of the squared-gradient average. */
    public static final double DEFAULT_ALPHA = 0.99;
    /** The default term added to the denominator for numerical stability. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double learningRate;
    private final double alpha;
    private final double epsilon;
    private double[] meanSquare;

    public RmsProp() {
        this(DEFAULT_LEARNING_RATE);
    }

    public RmsProp(double learningRate) {
        this(learningRate, DEFAULT_ALPHA, DEFAULT_EPSILON);
    }

    public RmsProp(double learningRate, double alpha, double epsilon) {
        this.learningRate = requirePositive("rmsprop", "learning rate", learningRate);
        this.alpha = requireFraction("rmsprop", "alpha", alpha);
        this.epsilon = requirePositive("rmsprop", "epsilon", epsilon);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    void clearState(int n) {
        meanSquare = new double[n];
    }

    @Override
    void update(double[] parameters, double[] gradient, int step) {
        for (int i = 0; i < parameters.length; i++) {
            double g = gradient[i];
            meanSquare[i] = alpha * meanSquare[i] + (1 - alpha) * g * g;
            parameters[i] -= learningRate * g / (Math.sqrt(meanSquare[i]) + epsilon);
        }
    }

    @Override
    Map<String, double[]> buffers() {
        return Map.of("mean_square", meanSquare);
    }
}
