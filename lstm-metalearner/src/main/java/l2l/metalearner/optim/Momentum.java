package l2l.metalearner.optim;

import java.util.Map;

/**
 * Gradient descent with heavy-ball momentum in PyTorch's form: {@code b <- mu * b + g},
 * {@code theta <- theta - lr * b}, with {@code b} starting at zero.
 */
public final class Momentum extends FlatOptimizer {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** The default momentum coefficient {@code mu}. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private final double learningRate;
    private final double momentum;
    private double[] velocity;

    public Momentum() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM);
    }

    public Momentum(double learningRate) {
        this(learningRate, DEFAULT_MOMENTUM);
    }

    public Momentum(double learningRate, double momentum) {
        this.learningRate = requirePositive("momentum", "learning rate", learningRate);
        this.momentum = requireFraction("momentum", "momentum", momentum);
    }

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    void clearState(int n) {
        velocity = new double[n];
    }

    @Override
    void update(double[] parameters, double[] gradient, int step) {
        for (int i = 0; i < parameters.length; i++) {
            velocity[i] = momentum * velocity[i] + gradient[i];
            parameters[i] -= learningRate * velocity[i];
        }
    }

    @Override
    Map<String, double[]> buffers() {
        return Map.of("velocity", velocity);
    }
}
