package l2l.metalearner.fewshot;

import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;

/** Provides the test's {@link LinearLearner} under the name {@code linear}. */
final class LinearLearnerProvider implements LearnerProvider {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String description() {
        return "test softmax regression";
    }

    @Override
    public Learner create(LearnerSpec spec) {
        return new LinearLearner(spec.inputShape()[0], spec.classes());
    }
}
