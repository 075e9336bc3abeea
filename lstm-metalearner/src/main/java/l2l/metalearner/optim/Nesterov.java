package l2l.metalearner.optim;

import java.util.Map;

/**
 * Nesterov's accelerated gradient (NAG) in PyTorch's form (Sutskever et al. 2013):
 * {@code b <- mu * b + g}, {@code theta <- theta - lr * (g + mu * b)}, with {@code b} starting
 * at zero. The gradient is taken at the current parameters, so no look-ahead evaluation is needed.
 */
public final class Nesterov extends FlatOptimizer {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** The default momentum coefficient {@code mu}. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private final double learningRate;
    private final double momentum;
    private double[] velocity;

    public Nesterov() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM);
    }

    public Nesterov(double learningRate) {
        this(learningRate, DEFAULT_MOMENTUM);
    }

    public Nesterov(double learningRate, double momentum) {
        this.learningRate = requirePositive("nag", "learning rate", learningRate);
        this.momentum = requireFraction("nag", "momentum", momentum);
    }

    @Override
    public String name() {
        return "nag";
    }

    @Override
    void clearState(int n) {
        velocity = new double[n];
    }

    @Override
    void update(double[] parameters, double[] gradient, int step) {
        for (int i = 0; i < parameters.length; i++) {
            velocity[i] = momentum * velocity[i] + gradient[i];
            parameters[i] -= learningRate * (gradient[i] + momentum * velocity[i]);
        }
    }

    @Override
    Map<String, double[]> buffers() {
        return Map.of("velocity", velocity);
    }
}
