package l2l.learners.contract;

import java.util.Map;

import l2l.learners.fewshot.ConvNetProvider;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;
import l2l.metalearner.testkit.LearnerContractTest;

/** The learner contract for {@code conv4}, reduced to two blocks of two filters on 6 x 6 images. */
class ConvNetContractTest extends LearnerContractTest {

    @Override
    protected LearnerProvider provider() {
        return new ConvNetProvider();
    }

    @Override
    protected LearnerSpec spec() {
        return new LearnerSpec(new int[] {1, 6, 6}, 3, Map.of("blocks", "2", "filters", "2"));
    }
}
