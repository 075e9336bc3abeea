package l2l.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

/**
 * Checks the gradients that reverse mode computes for a function against central finite
 * differences, {@code (f(x + h e_i) - f(x - h e_i)) / 2h} for every coordinate {@code i}. Use it
 * on any model or operation you write:
 *
 * <pre>{@code
 * GradientCheck.verify(inputs -> model.loss(inputs.get(0), inputs.get(1)), weights, bias);
 * }</pre>
 *
 * <p>The function receives one variable per input tensor and must build its result only from
 * them and constants. A result with more than one element is reduced to the scalar
 * {@code sum(w * result)} with fixed pseudo-random weights {@code w}, so every element is
 * checked. The error of central differences is of order {@code h^2} times the third derivative
 * plus the rounding error {@code 1e-16 |f| / h}, so keep functions smooth at the chosen points
 * (away from kinks such as {@code relu} at 0) and the default step of {@code 1e-6} works for
 * values of order one.
 */
public final class GradientCheck {

    /** The default finite-difference step. */
    public static final double DEFAULT_STEP = 1e-6;
    /** The default allowed difference between the two gradients. */
    public static final Tolerance DEFAULT_TOLERANCE = new Tolerance(1e-6, 1e-5);

    private static final long PROJECTION_SEED = 0x5eed_9c4aL;

    private GradientCheck() {
    }

    /**
     * The outcome of a check: the largest errors and the coordinate where the analytic gradient
     * is furthest outside the tolerance (or, if all are inside, closest to its edge).
     *
     * @param coordinates the number of coordinates compared
     * @param maxAbsoluteError the largest {@code |analytic - numeric|}
     * @param maxRelativeError the largest {@code |analytic - numeric| / max(|numeric|, 1e-12)}
     * @param worstInput the index of the input holding the worst coordinate
     * @param worstIndex the index of the worst coordinate within that input
     * @param analytic the reverse-mode gradient there
     * @param numeric the finite-difference gradient there
     * @param passed whether every coordinate is within the tolerance
     */
    public record Report(int coordinates, double maxAbsoluteError, double maxRelativeError, int worstInput, int[] worstIndex,
            double analytic, double numeric, boolean passed) {

        @Override
        public String toString() {
            return (passed ? "passed" : "failed") + " on " + coordinates + " coordinates: max absolute error " + maxAbsoluteError
                    + ", max relative error " + maxRelativeError + "; worst at input " + worstInput + " index "
                    + Arrays.toString(worstIndex) + ": autodiff " + analytic + ", finite difference " + numeric;
        }
    }

    /** Checks with {@link #DEFAULT_STEP} and {@link #DEFAULT_TOLERANCE} and returns the report. */
    public static Report run(Function<List<Variable>, Variable> function, Tensor... inputs) {
        return run(function, DEFAULT_STEP, DEFAULT_TOLERANCE, List.of(inputs));
    }

    /**
     * Compares reverse-mode and finite-difference gradients at every coordinate of every input
     * and returns the report.
     *
     * @param step the finite-difference step {@code h}
     */
    public static Report run(Function<List<Variable>, Variable> function, double step, Tolerance tolerance, List<Tensor> inputs) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("GradientCheck: step must be a positive finite number, got " + step);
        }
        List<Variable> parameters = new ArrayList<>();
        for (Tensor input : inputs) {
            parameters.add(Variable.parameter(input));
        }
        Variable output = function.apply(parameters);
        Tensor projection = projection(output.value());
        Variable scalar = output.value().size() == 1 ? output.reshape() : output.mul(Variable.constant(projection)).sum();
        List<Variable> analytic = Gradients.of(scalar, parameters, false);

        int coordinates = 0;
        double maxAbsolute = 0;
        double maxRelative = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        int worstInput = -1;
        int worstPosition = -1;
        double worstAnalytic = 0;
        double worstNumeric = 0;
        boolean passed = true;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            double[] values = input.toArray();
            for (int position = 0; position < values.length; position++) {
                double original = values[position];
                values[position] = original + step;
                double plus = evaluate(function, inputs, i, Tensor.of(values, input.shape()), projection);
                values[position] = original - step;
                double minus = evaluate(function, inputs, i, Tensor.of(values, input.shape()), projection);
                values[position] = original;

                double numeric = (plus - minus) / (2 * step);
                double automatic = analytic.get(i).value().getFlat(position);
                double error = Math.abs(automatic - numeric);
                double excess = error - (tolerance.absolute() + tolerance.relative() * Math.abs(numeric));
                coordinates++;
                maxAbsolute = Math.max(maxAbsolute, error);
                maxRelative = Math.max(maxRelative, error / Math.max(Math.abs(numeric), 1e-12));
                passed &= tolerance.accepts(automatic, numeric);
                if (excess > worstExcess || Double.isNaN(excess)) {
                    worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                    worstInput = i;
                    worstPosition = position;
                    worstAnalytic = automatic;
                    worstNumeric = numeric;
                }
            }
        }
        int[] worstIndex = worstInput < 0 ? new int[0] : unravel(worstPosition, inputs.get(worstInput).shape());
        return new Report(coordinates, maxAbsolute, maxRelative, worstInput, worstIndex, worstAnalytic, worstNumeric, passed);
    }

    /** Checks with {@link #DEFAULT_STEP} and {@link #DEFAULT_TOLERANCE} and throws if a coordinate fails. */
    public static void verify(Function<List<Variable>, Variable> function, Tensor... inputs) {
        verify(function, DEFAULT_TOLERANCE, inputs);
    }

    /**
     * Checks with {@link #DEFAULT_STEP} and throws if a coordinate fails.
     *
     * @throws AssertionError naming the worst coordinate and both gradients there
     */
    public static void verify(Function<List<Variable>, Variable> function, Tolerance tolerance, Tensor... inputs) {
        Report report = run(function, DEFAULT_STEP, tolerance, List.of(inputs));
        if (!report.passed()) {
            throw new AssertionError("Gradient check " + report + "; allowed difference " + tolerance + " of the finite difference");
        }
    }

    private static double evaluate(Function<List<Variable>, Variable> function, List<Tensor> inputs, int replaced, Tensor replacement,
            Tensor projection) {
        List<Variable> constants = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            constants.add(Variable.constant(i == replaced ? replacement : inputs.get(i)));
        }
        try (NoGrad scope = NoGrad.enter()) {
            Tensor output = function.apply(constants).value();
            return output.size() == 1 ? output.getFlat(0) : output.mul(projection).sum().item();
        }
    }

    /** Returns fixed weights in {@code [0.5, 1.5)} of the output's shape, the same for every evaluation. */
    private static Tensor projection(Tensor output) {
        return new TensorRandom(PROJECTION_SEED).uniform(0.5, 1.5, output.shape());
    }

    private static int[] unravel(int position, int[] shape) {
        int[] index = new int[shape.length];
        int rest = position;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        return index;
    }
}
