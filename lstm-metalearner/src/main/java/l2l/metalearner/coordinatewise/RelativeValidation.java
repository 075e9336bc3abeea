package l2l.metalearner.coordinatewise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.problem.Problem;

/**
 * A validation metric measured against a hand-designed baseline: the largest ratio, over chosen
 * steps, of the learned optimizer's mean validation loss to the baseline's mean loss on the same
 * problems. A score below 1 means the learned optimizer is ahead of the baseline at every one of
 * those steps, which is how a comparison at steps 20, 100 and 200 judges it. The plain mean loss
 * over all steps lets the large losses of the first steps decide instead, so it can select weights
 * that lose to the baseline early and win late, or the other way round.
 *
 * <p>Both optimizers run on the same validation problems and minibatches, so the ratio compares
 * them on equal terms. It still varies from one set of validation problems to another, most at
 * late steps, so a set of a few MLPs selects with a wide margin of error.
 *
 * @param baseline the name of a hand-designed optimizer, one of {@link HandDesignedOptimizers#NAMES}
 * @param learningRate the baseline's learning rate, positive and finite
 * @param steps the steps compared, strictly increasing, each at least 1; at least one
 */
public record RelativeValidation(String baseline, double learningRate, List<Integer> steps) {

    /** Validates the settings and copies the steps. */
    public RelativeValidation {
        if (!HandDesignedOptimizers.NAMES.contains(baseline)) {
            throw new IllegalArgumentException("Relative validation: unknown baseline '" + baseline + "'; use one of "
                    + HandDesignedOptimizers.NAMES);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("Relative validation: the baseline's learning rate must be a positive finite number, got "
                    + learningRate);
        }
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("Relative validation: give at least one step to compare at");
        }
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) < 1 || k > 0 && steps.get(k) <= steps.get(k - 1)) {
                throw new IllegalArgumentException("Relative validation: the steps must be increasing and at least 1, got " + steps);
            }
        }
    }

    /** Returns the last step compared, which the validation runs must reach. */
    public int lastStep() {
        return steps.get(steps.size() - 1);
    }

    /** Returns a new baseline optimizer; {@link OptimizerRun#run} resets it before its first step. */
    public Optimizer newBaseline() {
        return HandDesignedOptimizers.create(baseline, learningRate);
    }

    /**
     * Runs the baseline on the validation problems for {@link #lastStep} steps and returns its
     * mean loss at each of the steps, in order.
     *
     * @throws IllegalArgumentException if the baseline does not lower the loss at its learning rate
     *     (see {@link #baselineLosses(OptimizerRun.Curve)})
     */
    public List<Double> baselineLosses(Problem validation) {
        return baselineLosses(OptimizerRun.run(newBaseline(), validation, lastStep()));
    }

    /**
     * Returns the mean loss of the baseline's curve at each of the steps, in order, after checking
     * that ratios to them mean something.
     *
     * @throws IllegalArgumentException if a mean loss at one of the steps is not a positive finite
     *     number, or is above the mean loss at step 0. At such a learning rate the baseline does not
     *     optimize the problems, so a tiny ratio to it would look like a success.
     */
    public List<Double> baselineLosses(OptimizerRun.Curve baselineCurve) {
        double start = baselineCurve.mean(0);
        for (int step : steps) {
            double mean = baselineCurve.mean(step);
            if (!(mean > 0) || !Double.isFinite(mean)) {
                throw new IllegalArgumentException("Validation against " + describeBaseline() + ": its mean validation loss at step " + step
                        + " is " + mean + ", but a ratio needs a positive finite loss; give a learning rate tuned on the problem family "
                        + "(l2l compare prints one), or another baseline");
            }
            if (mean > start) {
                throw new IllegalArgumentException("Validation against " + describeBaseline() + ": its mean validation loss at step " + step
                        + " is " + format(mean) + ", above the " + format(start) + " it starts from, so at this learning rate it does not "
                        + "optimize these problems and ratios to it would flatter any optimizer; give a learning rate tuned on the problem "
                        + "family (l2l compare prints one)");
            }
        }
        return steps.stream().map(baselineCurve::mean).toList();
    }

    /**
     * Returns {@code curve.mean(s) / baselineLosses[k]} for each step {@code s = steps[k]}, in order.
     *
     * @param baselineLosses the baseline's mean losses at the steps, from {@link #baselineLosses}
     */
    public List<Double> ratios(OptimizerRun.Curve curve, List<Double> baselineLosses) {
        List<Double> ratios = new ArrayList<>(steps.size());
        for (int k = 0; k < steps.size(); k++) {
            ratios.add(curve.mean(steps.get(k)) / baselineLosses.get(k));
        }
        return ratios;
    }

    /**
     * Returns the score of a validation run from its {@link #ratios}: the largest of them, or NaN
     * if one of them is NaN. A run that diverged by one of the steps scores NaN or infinity, which
     * never counts as an improvement.
     */
    public static double score(List<Double> ratios) {
        double largest = Double.NEGATIVE_INFINITY;
        for (double ratio : ratios) {
            if (Double.isNaN(ratio)) {
                return Double.NaN;
            }
            largest = Math.max(largest, ratio);
        }
        return largest;
    }

    /** Returns the form the command line takes, such as {@code nag:1.0}. */
    public String describeBaseline() {
        return baseline + ":" + learningRate;
    }

    /** Returns a description such as {@code nag:1.0 at steps 20, 100, 200}. */
    public String describe() {
        String list = steps.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return describeBaseline() + (steps.size() == 1 ? " at step " : " at steps ") + list;
    }

    /**
     * Returns the fields that run files record: {@code optimizer}, {@code learning_rate},
     * {@code steps} and the baseline's mean validation losses there, {@code baseline_losses}.
     */
    public Map<String, Object> record(List<Double> baselineLosses) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("optimizer", baseline);
        fields.put("learning_rate", learningRate);
        fields.put("steps", steps);
        fields.put("baseline_losses", baselineLosses);
        return fields;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.5g", value);
    }
}
