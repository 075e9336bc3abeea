/**
 * Learned optimizers that are coordinate-wise LSTMs with weights shared by every coordinate:
 * the optimizer of Andrychowicz et al. (2016) and the meta-learner of Ravi and Larochelle (2017),
 * the hand-designed baselines, meta-training loops, checkpoints, and the service interfaces that
 * learners implement.
 */
module l2l.metalearner {
    requires transitive l2l.tensor;
    requires transitive l2l.autodiff;

    exports l2l.metalearner.checkpoint;
    exports l2l.metalearner.coordinatewise;
    exports l2l.metalearner.evaluation;
    exports l2l.metalearner.fewshot;
    exports l2l.metalearner.optim;
    exports l2l.metalearner.problem;

    uses l2l.metalearner.problem.LearnerProvider;
}
