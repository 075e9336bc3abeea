package l2l.learners;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;

/**
 * Provides {@link MlpLearner} under the name {@value #NAME}, with the options {@code width}
 * (units per hidden layer, default 20), {@code depth} (hidden layers, default 1) and
 * {@code activation} ({@code sigmoid}, the default, {@code relu} or {@code tanh}) and
 * {@code init-std} (draw every weight and bias from a normal distribution with this standard
 * deviation; DeepMind's code for Andrychowicz et al. uses 0.01; by default weights have variance
 * {@code 1 / fan_in} and biases start at 0).
 */
public final class MlpProvider implements LearnerProvider {

    /** The learner's name. */
    public static final String NAME = "mlp";
    /** The default number of units per hidden layer. */
    public static final int DEFAULT_WIDTH = 20;
    /** The default number of hidden layers. */
    public static final int DEFAULT_DEPTH = 1;
    /** The option that sets the standard deviation of every initial weight and bias. */
    public static final String INIT_STD = "init-std";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public MlpProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Multilayer perceptron: hidden layers of sigmoid units (default one of 20), softmax output";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("width", "units per hidden layer (default " + DEFAULT_WIDTH + ")");
        options.put("depth", "number of hidden layers (default " + DEFAULT_DEPTH + ")");
        options.put("activation", "sigmoid (default), relu or tanh");
        options.put(INIT_STD, "standard deviation of every initial weight and bias, such as 0.01 "
                + "(default: weights with variance 1/fan_in, biases 0)");
        return options;
    }

    @Override
    public Learner create(LearnerSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!options().containsKey(key)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' for learner " + NAME + "; expected " + options().keySet());
            }
        }
        int width = spec.positiveIntOption("width", DEFAULT_WIDTH);
        int depth = spec.positiveIntOption("depth", DEFAULT_DEPTH);
        Activation activation = Activation.fromKey(spec.option("activation", Activation.SIGMOID.key()));
        int[] widths = new int[depth];
        java.util.Arrays.fill(widths, width);
        if (spec.options().containsKey(INIT_STD)) {
            double std = spec.positiveDoubleOption(INIT_STD, 1);
            return new MlpLearner(spec.inputShape(), spec.classes(), widths, activation, OptionalDouble.of(std));
        }
        return new MlpLearner(spec.inputShape(), spec.classes(), widths, activation);
    }
}
