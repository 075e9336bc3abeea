package l2l.learners.fewshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;

/** Provides {@link ConvNetLearner} under the name {@code conv4}. */
public final class ConvNetProvider implements LearnerProvider {

    private static final Set<String> OPTIONS = Set.of("blocks", "filters", "bn-eps");

    /** Creates the provider; the service loader calls this constructor. */
    public ConvNetProvider() {
    }

    @Override
    public String name() {
        return ConvNetLearner.NAME;
    }

    @Override
    public String description() {
        return "few-shot CNN: blocks of 3x3 convolution, batch norm, ReLU and 2x2 max pooling, then a linear layer";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("blocks", "number of convolution blocks (default " + ConvNetLearner.DEFAULT_BLOCKS + ")");
        options.put("filters", "output channels of every convolution (default " + ConvNetLearner.DEFAULT_FILTERS + ")");
        options.put("bn-eps", "eps added to the variance in batch normalisation (default " + ConvNetLearner.DEFAULT_BN_EPS + ")");
        return options;
    }

    @Override
    public Learner create(LearnerSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' of learner " + ConvNetLearner.NAME + "; it takes "
                        + options().keySet());
            }
        }
        int blocks = spec.positiveIntOption("blocks", ConvNetLearner.DEFAULT_BLOCKS);
        int filters = spec.positiveIntOption("filters", ConvNetLearner.DEFAULT_FILTERS);
        double bnEps = spec.positiveDoubleOption("bn-eps", ConvNetLearner.DEFAULT_BN_EPS);
        return new ConvNetLearner(spec.inputShape(), spec.classes(), blocks, filters, bnEps);
    }
}
