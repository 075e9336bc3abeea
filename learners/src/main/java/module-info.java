/**
 * Learner models and problem families for meta-training: random quadratics, MLPs on image
 * datasets, softmax regression, and the few-shot convolutional network.
 */
module l2l.learners {
    requires transitive l2l.metalearner;
    requires transitive l2l.datasets;

    exports l2l.learners;
    exports l2l.learners.fewshot;
    exports l2l.learners.linear;

    provides l2l.metalearner.problem.LearnerProvider with
            l2l.learners.MlpProvider,
            l2l.learners.fewshot.ConvNetProvider,
            l2l.learners.linear.SoftmaxRegressionProvider;
}
