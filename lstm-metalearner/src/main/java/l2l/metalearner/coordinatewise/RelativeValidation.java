package l2l.metalearner.coordinatewise;

import java.util.List;
import java.util.stream.Collectors;

import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.optim.Optimizer;

/**
 * A validation metric measured against a hand-designed baseline: the largest ratio, over chosen
 * steps, of the learned optimizer's mean validation loss to the baseline's mean loss on the same
 * problems. A score below 1 means the learned optimizer is ahead of the baseline at every one of
 * those steps, which is how a comparison at steps 20, 100 and 200 judges it. The plain mean loss
 * over all steps lets the large losses of the first steps decide instead, so it can select weights
 * that lose to the baseline early and win late, or the other way round.
 *
 * <p>Both optimizers run on the same validation problems and minibatches, so the ratio compares
 * them pair by pair and varies less from one set of validation problems to another than either
 * mean does.
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
     * Returns {@code curve.mean(s) / baselineCurve.mean(s)} for each of the steps, in order.
     *
     * @param baselineCurve the baseline's curve on the same problems, whose mean at every step is
     *     positive and finite (see {@link #firstInvalidStep})
     */
    public List<Double> ratios(OptimizerRun.Curve curve, OptimizerRun.Curve baselineCurve) {
        return steps.stream().map(step -> curve.mean(step) / baselineCurve.mean(step)).toList();
    }

    /**
     * Returns the score of a validation curve: the largest of its {@link #ratios}. A curve that
     * diverged by one of the steps scores NaN or infinity, which never counts as an improvement.
     */
    public double score(OptimizerRun.Curve curve, OptimizerRun.Curve baselineCurve) {
        return score(ratios(curve, baselineCurve));
    }

    /** Returns the largest of {@code ratios}, or NaN if one of them is NaN. */
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

    /**
     * Returns the first of the steps at which the baseline's mean loss is not a positive finite
     * number, so that no ratio can be taken, or -1 if there is none.
     */
    public int firstInvalidStep(OptimizerRun.Curve baselineCurve) {
        for (int step : steps) {
            double mean = baselineCurve.mean(step);
            if (!(mean > 0) || !Double.isFinite(mean)) {
                return step;
            }
        }
        return -1;
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
}
