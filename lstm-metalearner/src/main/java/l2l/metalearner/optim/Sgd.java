package l2l.metalearner.optim;

/** Plain gradient descent: {@code theta <- theta - lr * g}. */
public final class Sgd extends FlatOptimizer {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private final double learningRate;

    public Sgd() {
        this(DEFAULT_LEARNING_RATE);
    }

    public Sgd(double learningRate) {
        this.learningRate = requirePositive("sgd", "learning rate", learningRate);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    void clearState(int n) {
    }

    @Override
    void update(double[] parameters, double[] gradient, int step) {
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] -= learningRate * gradient[i];
        }
    }
}
