package l2l.learners;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.metalearner.problem.ProblemFamily;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Random quadratics {@code f(theta) = ||W theta - y||^2}, the first problem family of
 * Andrychowicz et al. (2016): every entry of {@code W [d, d]}, {@code y [d]} and the initial
 * {@code theta [d]} is drawn i.i.d. from the standard normal distribution. A sample is a batch of
 * {@code problems} of them, drawn in the order all W, all y, all initial theta.
 */
public final class QuadraticFamily implements ProblemFamily {

    /** The default dimension d. */
    public static final int DEFAULT_DIMENSION = 10;

    private final int dimension;
    private final int problems;

    /**
     * Creates the family of batches of {@code problems} quadratics of dimension {@code dimension}.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public QuadraticFamily(int dimension, int problems) {
        if (dimension < 1 || problems < 1) {
            throw new IllegalArgumentException("Quadratic family: dimension and problem count must be at least 1, got " + dimension
                    + " and " + problems);
        }
        this.dimension = dimension;
        this.problems = problems;
    }

    @Override
    public String name() {
        return "quadratic";
    }

    /** Returns the dimension d of each quadratic. */
    public int dimension() {
        return dimension;
    }

    /** Returns the number of quadratics per sample. */
    public int problems() {
        return problems;
    }

    /** Returns the same family with another number of quadratics per sample. */
    public QuadraticFamily withProblems(int count) {
        return new QuadraticFamily(dimension, count);
    }

    @Override
    public int parameterCount() {
        return dimension * problems;
    }

    @Override
    public QuadraticProblem sample(long seed, int horizon) {
        TensorRandom random = new TensorRandom(seed);
        Tensor matrices = random.normal(0, 1, problems, dimension, dimension);
        Tensor targets = random.normal(0, 1, problems, dimension);
        Tensor initial = random.normal(0, 1, problems, dimension);
        return QuadraticProblem.of(matrices, targets, initial, horizon);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name());
        description.put("loss", "||W theta - y||^2, W, y and theta0 standard normal");
        description.put("dimension", dimension);
        description.put("problems", problems);
        return description;
    }
}
