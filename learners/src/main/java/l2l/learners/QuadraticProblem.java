package l2l.learners;

import l2l.autodiff.Variable;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * A batch of m independent quadratics {@code f_i(theta_i) = ||W_i theta_i - y_i||^2} with
 * {@code W_i [d, d]} and {@code y_i, theta_i [d]}. The flat parameter vector {@code [m d]} holds
 * {@code theta_0, theta_1, ...} one after the other. The losses do not depend on the step.
 */
public final class QuadraticProblem implements Problem {

    private final Variable matrices;
    private final Variable targets;
    private final Tensor initial;
    private final int problems;
    private final int dimension;
    private final int horizon;

    private QuadraticProblem(Tensor matrices, Tensor targets, Tensor initial, int horizon) {
        int[] shape = matrices.shape();
        if (shape.length != 3 || shape[1] != shape[2] || shape[0] < 1 || shape[1] < 1) {
            throw new IllegalArgumentException("QuadraticProblem: W must be [m, d, d] with m, d >= 1, got " + Shapes.toString(shape));
        }
        this.problems = shape[0];
        this.dimension = shape[1];
        if (!targets.hasShape(problems, dimension) || !initial.hasShape(problems, dimension)) {
            throw new IllegalArgumentException("QuadraticProblem: y and theta0 must be [m, d] = [" + problems + ", " + dimension
                    + "] to match W " + Shapes.toString(shape) + ", got " + Shapes.toString(targets.shape()) + " and "
                    + Shapes.toString(initial.shape()));
        }
        if (horizon < 0) {
            throw new IllegalArgumentException("QuadraticProblem: horizon must not be negative, got " + horizon);
        }
        this.matrices = Variable.constant(matrices);
        this.targets = Variable.constant(targets);
        this.initial = initial.reshape(problems * dimension);
        this.horizon = horizon;
    }

    /**
     * Returns the problems with matrices {@code W [m, d, d]}, targets {@code y [m, d]} and initial
     * parameters {@code theta0 [m, d]}, valid for steps {@code 0..horizon}.
     */
    public static QuadraticProblem of(Tensor matrices, Tensor targets, Tensor initial, int horizon) {
        return new QuadraticProblem(matrices, targets, initial, horizon);
    }

    @Override
    public Tensor initialParameters() {
        return initial;
    }

    @Override
    public int problemCount() {
        return problems;
    }

    /** Returns the dimension d of each problem. */
    public int dimension() {
        return dimension;
    }

    @Override
    public Variable losses(Variable parameters, int step) {
        if (step < 0 || step > horizon) {
            throw new IllegalArgumentException("QuadraticProblem: step " + step + " is outside 0.." + horizon);
        }
        if (!parameters.value().hasShape(problems * dimension)) {
            throw new IllegalArgumentException("QuadraticProblem: parameters have shape " + Shapes.toString(parameters.shape())
                    + " but " + problems + " problems of dimension " + dimension + " need [" + problems * dimension + "]");
        }
        Variable products = matrices.matmul(parameters.reshape(problems, dimension, 1)).reshape(problems, dimension);
        return products.sub(targets).square().sum(1, false);
    }
}
