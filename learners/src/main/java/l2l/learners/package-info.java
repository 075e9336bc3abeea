/**
 * Problem families for meta-training: random quadratics ({@link l2l.learners.QuadraticFamily}),
 * and classifiers trained on minibatches of an image dataset
 * ({@link l2l.learners.ClassificationFamily}), with the MLP learner {@code mlp}.
 */
package l2l.learners;
