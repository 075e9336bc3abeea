package l2l.metalearner.problem;

import l2l.autodiff.Variable;
import l2l.tensor.Tensor;

/**
 * One optimization problem, or a batch of {@code m} independent problems that share one flat
 * parameter vector (for example 128 quadratics of 10 coordinates each give {@code n = 1280}).
 *
 * <p>A learned optimizer is trained on the mean of the problems' losses, but each problem's
 * coordinates receive the gradient of that problem's own loss. Because the problems are
 * independent, both come from {@link #losses}: the mean of the losses, and the gradient of their
 * sum.
 */
public interface Problem {

    /** Returns the starting parameters {@code [n]}; the problems' vectors are concatenated in order. */
    Tensor initialParameters();

    /** Returns the number of independent problems {@code m}. */
    int problemCount();

    /**
     * Returns each problem's loss at optimization step {@code step}, shape {@code [m]},
     * differentiable with respect to {@code parameters [n]}. The step selects the minibatch where
     * the loss is stochastic, so the same step always gives the same loss function.
     *
     * @throws IllegalArgumentException if {@code step} is negative or beyond the problem's horizon
     */
    Variable losses(Variable parameters, int step);
}
