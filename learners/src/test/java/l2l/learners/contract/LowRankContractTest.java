package l2l.learners.contract;

import l2l.learners.linear.LowRankProvider;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.testkit.LearnerContractTest;

/**
 * The learner contract for {@code lowrank}, the custom learner of docs/custom-learner.md, so the
 * page's claim that it passes the suite is checked.
 */
class LowRankContractTest extends LearnerContractTest {

    @Override
    protected LearnerProvider provider() {
        return new LowRankProvider();
    }
}
