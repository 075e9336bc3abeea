package l2l.metalearner.coordinatewise;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.autodiff.Variable;
import l2l.metalearner.problem.Problem;
import l2l.metalearner.problem.ProblemFamily;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * A test family: m problems {@code f_i(theta) = sum_j a_ij (theta_ij - b_ij)^2} of dimension d,
 * with {@code a} uniform in [0.5, 2], {@code b} and the start standard normal. Optionally one
 * training problem turns its loss into NaN from a given step on, to test the handling of
 * non-finite losses.
 */
final class ScaledSquares implements ProblemFamily {

    private final int problems;
    private final int dimension;
    private final long poisonedSeed;
    private final int poisonedStep;

    ScaledSquares(int problems, int dimension) {
        this(problems, dimension, Long.MIN_VALUE, -1);
    }

    /** A family whose problem sampled with {@code poisonedSeed} has NaN losses from {@code poisonedStep} on. */
    ScaledSquares(int problems, int dimension, long poisonedSeed, int poisonedStep) {
        this.problems = problems;
        this.dimension = dimension;
        this.poisonedSeed = poisonedSeed;
        this.poisonedStep = poisonedStep;
    }

    @Override
    public String name() {
        return "scaled-squares";
    }

    @Override
    public int parameterCount() {
        return problems * dimension;
    }

    @Override
    public Problem sample(long seed, int horizon) {
        TensorRandom random = new TensorRandom(seed);
        Tensor scales = random.uniform(0.5, 2, problems, dimension);
        Tensor targets = random.normal(0, 1, problems, dimension);
        Tensor start = random.normal(0, 1, problems * dimension);
        boolean poisoned = seed == poisonedSeed;
        return new Problem() {
            @Override
            public Tensor initialParameters() {
                return start;
            }

            @Override
            public int problemCount() {
                return problems;
            }

            @Override
            public Variable losses(Variable parameters, int step) {
                Variable difference = parameters.reshape(problems, dimension).sub(Variable.constant(targets));
                Variable losses = difference.square().mul(Variable.constant(scales)).sum(1, false);
                if (poisoned && step >= poisonedStep) {
                    double[] mask = new double[problems];
                    mask[problems - 1] = Double.NaN;
                    return losses.add(Variable.constant(Tensor.vector(mask)));
                }
                return losses;
            }
        };
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name());
        description.put("problems", problems);
        description.put("dimension", dimension);
        return description;
    }
}
