package l2l.learners.linear;

import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;

/** Provides {@link SoftmaxRegression} under the name {@code softmax}; it takes no options. */
public final class SoftmaxRegressionProvider implements LearnerProvider {

    /** Creates the provider; the service loader calls this constructor. */
    public SoftmaxRegressionProvider() {
    }

    @Override
    public String name() {
        return SoftmaxRegression.NAME;
    }

    @Override
    public String description() {
        return "softmax regression: one linear layer from the flattened input to the class logits";
    }

    @Override
    public Learner create(LearnerSpec spec) {
        if (!spec.options().isEmpty()) {
            throw new IllegalArgumentException("Learner " + SoftmaxRegression.NAME + " takes no options, got " + spec.options().keySet());
        }
        return new SoftmaxRegression(spec.inputShape(), spec.classes());
    }
}
