package com.example.l2l.rnn;

import java.util.Map;

import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;
import l2l.metalearner.testkit.LearnerContractTest;

/** The l2l learner contract for {@code row-rnn}, on images of 5 rows of 4 pixels and 4 hidden units. */
class RowRnnContractTest extends LearnerContractTest {

    @Override
    protected LearnerProvider provider() {
        return new RowRnnProvider();
    }

    @Override
    protected LearnerSpec spec() {
        return new LearnerSpec(new int[] {1, 5, 4}, 3, Map.of("hidden", "4"));
    }
}
