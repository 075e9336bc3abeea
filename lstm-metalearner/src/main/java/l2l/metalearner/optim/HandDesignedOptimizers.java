package l2l.metalearner.optim;

import java.util.List;

/** Creates the hand-designed baselines by name, for command lines and comparison tables. */
public final class HandDesignedOptimizers {

    /** The names {@link #create} accepts, in the order tables list them. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nag", "rmsprop", "adam");

    private HandDesignedOptimizers() {
    }

    /**
     * Returns a new optimizer with the given learning rate and the standard defaults for its
     * other hyperparameters.
     *
     * @throws IllegalArgumentException if {@code name} is not one of {@link #NAMES}
     */
    public static Optimizer create(String name, double learningRate) {
        switch (name) {
            case "sgd":
                return new Sgd(learningRate);
            case "momentum":
                return new Momentum(learningRate);
            case "nag":
                return new Nesterov(learningRate);
            case "rmsprop":
                return new RmsProp(learningRate);
            case "adam":
                return new Adam(learningRate);
            default:
                throw new IllegalArgumentException("Unknown optimizer '" + name + "'; expected one of " + NAMES);
        }
    }

    /** Returns the default learning rate of the named optimizer. */
    public static double defaultLearningRate(String name) {
        switch (name) {
            case "sgd":
                return Sgd.DEFAULT_LEARNING_RATE;
            case "momentum":
                return Momentum.DEFAULT_LEARNING_RATE;
            case "nag":
                return Nesterov.DEFAULT_LEARNING_RATE;
            case "rmsprop":
                return RmsProp.DEFAULT_LEARNING_RATE;
            case "adam":
                return Adam.DEFAULT_LEARNING_RATE;
            default:
                throw new IllegalArgumentException("Unknown optimizer '" + name + "'; expected one of " + NAMES);
        }
    }
}
