/**
 * Running optimizers on problems and comparing them: per-step loss curves of any
 * {@link l2l.metalearner.optim.Optimizer}, and learning-rate tuning of the hand-designed ones by
 * grid search.
 */
package l2l.metalearner.evaluation;
