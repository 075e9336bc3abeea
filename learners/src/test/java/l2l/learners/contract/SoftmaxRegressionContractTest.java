package l2l.learners.contract;

import l2l.learners.linear.SoftmaxRegressionProvider;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.testkit.LearnerContractTest;

/** The learner contract for {@code softmax} on the default 6 x 6 images in 3 classes. */
class SoftmaxRegressionContractTest extends LearnerContractTest {

    @Override
    protected LearnerProvider provider() {
        return new SoftmaxRegressionProvider();
    }
}
