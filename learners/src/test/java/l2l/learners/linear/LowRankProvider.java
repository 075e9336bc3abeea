package l2l.learners.linear;

import java.util.Map;

import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;

/** Provides {@link LowRankLearner} under the name {@code lowrank}, with the option {@code rank}. */
public final class LowRankProvider implements LearnerProvider {

    public static final String NAME = "lowrank";

    /** Creates the provider; the service loader calls this constructor. */
    public LowRankProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "softmax regression with a weight matrix of rank at most r";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("rank", "the maximum rank r of the weight matrix (default 4)");
    }

    @Override
    public Learner create(LearnerSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!key.equals("rank")) {
                throw new IllegalArgumentException("Learner " + NAME + " has no option '" + key + "'; its only option is rank");
            }
        }
        int rank = spec.positiveIntOption("rank", 4);
        return new LowRankLearner(spec.inputShape(), spec.classes(), rank);
    }
}
