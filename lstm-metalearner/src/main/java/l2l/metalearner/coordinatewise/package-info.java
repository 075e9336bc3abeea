/**
 * The coordinate-wise LSTM optimizer of Andrychowicz et al. (2016), "Learning to learn by gradient
 * descent by gradient descent": its {@link l2l.metalearner.coordinatewise.LstmOptimizerConfig
 * configuration} and {@link l2l.metalearner.coordinatewise.LstmOptimizerWeights weights}, the
 * differentiable {@link l2l.metalearner.coordinatewise.CoordinatewiseLstm step}, meta-training by
 * truncated backpropagation through time ({@link l2l.metalearner.coordinatewise.MetaTrainer}), the
 * trained optimizer as a drop-in {@link l2l.metalearner.optim.Optimizer}
 * ({@link l2l.metalearner.coordinatewise.LearnedOptimizer}), and its checkpoints.
 */
package l2l.metalearner.coordinatewise;
