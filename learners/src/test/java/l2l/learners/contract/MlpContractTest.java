package l2l.learners.contract;

import java.util.Map;

import l2l.learners.MlpProvider;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;
import l2l.metalearner.testkit.LearnerContractTest;

/** The learner contract for {@code mlp}, with two hidden layers of 5 units (133 parameters). */
class MlpContractTest extends LearnerContractTest {

    @Override
    protected LearnerProvider provider() {
        return new MlpProvider();
    }

    @Override
    protected LearnerSpec spec() {
        return new LearnerSpec(new int[] {1, 4, 4}, 3, Map.of("width", "5", "depth", "2"));
    }
}
