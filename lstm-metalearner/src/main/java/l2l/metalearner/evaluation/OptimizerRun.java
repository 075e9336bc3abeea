package l2l.metalearner.evaluation;

import java.util.Arrays;
import java.util.List;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Tensor;

/**
 * Runs an optimizer on a problem and records the loss of every problem of the batch at every step.
 *
 * <p>Step {@code t} means the parameters after {@code t} updates: the loss at step 0 is the loss
 * of the initial parameters. At each step the optimizer receives, for every problem of the batch,
 * the gradient of that problem's own loss (the gradient of the sum of the losses).
 *
 * <p>A run diverges when a loss turns NaN or infinite, or when a tensor operation overflows (the
 * tensor layer throws an {@link ArithmeticException} rather than produce an infinity). From that
 * step on, every loss of the run is recorded as {@link Double#POSITIVE_INFINITY}, so means and
 * medians rank the run last.
 */
public final class OptimizerRun {

    private OptimizerRun() {
    }

    /**
     * The losses of one run.
     *
     * @param losses {@code losses[t][i]}: the loss of problem {@code i} at step {@code t}, for
     *     {@code t = 0..steps}
     * @param finalParameters the parameters after the last step, or null if the run diverged
     * @param divergedAt the first step whose loss is not finite, or -1 if the run did not diverge
     */
    public record Curve(double[][] losses, Tensor finalParameters, int divergedAt) {

        /** Returns the number of steps, one less than the number of recorded losses per problem. */
        public int steps() {
            return losses.length - 1;
        }

        /** Returns whether some loss turned non-finite. */
        public boolean diverged() {
            return divergedAt >= 0;
        }

        /** Returns the mean over the problems of the loss at {@code step}; infinite if the run diverged by then. */
        public double mean(int step) {
            double sum = 0;
            for (double loss : losses[step]) {
                sum += loss;
            }
            return sum / losses[step].length;
        }

        /** Returns the median over the problems of the loss at {@code step}. */
        public double median(int step) {
            double[] sorted = losses[step].clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        /** Returns the mean over the problems and over steps {@code first..last}, both included. */
        public double mean(int first, int last) {
            double sum = 0;
            for (int step = first; step <= last; step++) {
                sum += mean(step);
            }
            return sum / (last - first + 1);
        }
    }

    /**
     * The largest step count of a run. A run keeps the losses of every step, so an array bounds
     * the count. This bound lies far below that, so that a mistyped count fails at once.
     */
    public static final int MAX_STEPS = 100_000_000;

    /**
     * Runs {@code optimizer}, after resetting it, for {@code steps} updates from the problem's
     * initial parameters.
     *
     * @throws IllegalArgumentException if {@code steps} is negative or above {@link #MAX_STEPS}
     */
    public static Curve run(Optimizer optimizer, Problem problem, int steps) {
        if (steps < 0 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("OptimizerRun: step count must be between 0 and " + MAX_STEPS + ", got " + steps);
        }
        Tensor parameters = problem.initialParameters();
        optimizer.reset(parameters.size());
        int problems = problem.problemCount();
        double[][] losses = new double[steps + 1][];
        for (int step = 0; step <= steps; step++) {
            Variable current = Variable.parameter(parameters);
            Variable stepLosses;
            try {
                stepLosses = problem.losses(current, step);
            } catch (ArithmeticException e) {
                return diverged(losses, step, problems);
            }
            double[] values = stepLosses.value().toArray();
            if (!allFinite(values)) {
                return diverged(losses, step, problems);
            }
            losses[step] = values;
            if (step == steps) {
                break;
            }
            try {
                Tensor gradient = Gradients.of(stepLosses.sum(), List.of(current), false).get(0).value();
                parameters = optimizer.step(parameters, gradient);
            } catch (ArithmeticException e) {
                // The update overflowed, so the parameters of the next step are not finite.
                return diverged(losses, step + 1, problems);
            }
        }
        return new Curve(losses, parameters, -1);
    }

    private static Curve diverged(double[][] losses, int step, int problems) {
        for (int t = step; t < losses.length; t++) {
            losses[t] = new double[problems];
            Arrays.fill(losses[t], Double.POSITIVE_INFINITY);
        }
        return new Curve(losses, null, step);
    }

    private static boolean allFinite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
