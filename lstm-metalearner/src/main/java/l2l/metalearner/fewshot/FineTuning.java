package l2l.metalearner.fewshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.NormalizationMode;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.Tensor;

/**
 * The fine-tuning baseline: train the learner on each task's support set from fixed initial
 * parameters with a hand-designed optimizer for T steps, then classify the queries. It gets the
 * same inputs as the meta-learner: the whole support set at every step, batch statistics
 * tracked on the support set, and the same query statistics at evaluation.
 *
 * <p>{@link #tune} picks the learning rate on validation tasks, so the baseline is compared at
 * its best.
 *
 * @param learner the learner
 * @param initialParameters the starting parameters, such as the learner's own random initialisation
 * @param optimizer the name of a hand-designed optimizer ({@link HandDesignedOptimizers#NAMES})
 * @param learningRate its learning rate
 * @param steps the number of updates T
 * @param bnMomentum the momentum of the running statistics gathered on the support set
 * @param queryStatistics the batch-normalisation statistics of the query pass
 */
public record FineTuning(Learner learner, Tensor initialParameters, String optimizer, double learningRate, int steps, double bnMomentum,
        QueryStatistics queryStatistics) {

    /** The learning rates tried by {@link #tune}: half decades for SGD, from 0.01 to 3. */
    public static final double[] SGD_GRID = {0.01, 0.03, 0.1, 0.3, 1, 3};
    /** The learning rates tried by {@link #tune}: half decades for Adam, from 3e-4 to 0.1. */
    public static final double[] ADAM_GRID = {3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1};

    /** Checks the settings. */
    public FineTuning {
        HandDesignedOptimizers.create(optimizer, learningRate);
        if (!initialParameters.hasShape(learner.parameterCount())) {
            throw new IllegalArgumentException("FineTuning: the initial parameters have " + initialParameters.size() + " elements but "
                    + learner.name() + " has " + learner.parameterCount() + " parameters");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("FineTuning: steps must be at least 1, got " + steps);
        }
    }

    /** Returns the learning-rate grid of {@link #tune} for an optimizer name. */
    public static double[] grid(String optimizer) {
        switch (optimizer) {
            case "sgd":
                return SGD_GRID.clone();
            case "adam":
                return ADAM_GRID.clone();
            default:
                throw new IllegalArgumentException("FineTuning: no learning-rate grid for optimizer '" + optimizer + "'; use sgd or adam");
        }
    }

    /**
     * Returns the query accuracy after fine-tuning on the task's support set. A run whose
     * parameters stop being finite, or whose computation overflows, scores the accuracy of
     * predicting class 0 for every query, so that such a learning rate loses in {@link #tune}.
     */
    public double accuracy(FewShotTask task) {
        try {
            return FewShotModel.accuracy(queryLogits(task), task.queryLabels());
        } catch (ArithmeticException e) {
            return FewShotModel.accuracy(Tensor.zeros(task.queryLabels().length, task.ways()), task.queryLabels());
        }
    }

    /** Returns the accuracy on every task, in order. */
    public double[] accuracies(List<FewShotTask> tasks) {
        double[] result = new double[tasks.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = accuracy(tasks.get(i));
        }
        return result;
    }

    /** Returns the query logits after T optimizer steps on the support set. */
    public Tensor queryLogits(FewShotTask task) {
        Optimizer stepper = HandDesignedOptimizers.create(optimizer, learningRate);
        stepper.reset(initialParameters.size());
        RunningStatistics statistics = new RunningStatistics(bnMomentum);
        Tensor theta = initialParameters;
        for (int t = 0; t < steps; t++) {
            Variable parameters = Variable.parameter(theta);
            Variable loss = learner.loss(parameters, task.support(), task.supportLabels(), NormalizationMode.BATCH_AND_TRACK, statistics);
            Tensor gradient = Gradients.of(loss, List.of(parameters), false).get(0).value();
            theta = stepper.step(theta, gradient);
            if (!theta.isFinite()) {
                throw new ArithmeticException("fine-tuning: the parameters are not finite after step " + (t + 1));
            }
        }
        return learner.logits(Variable.constant(theta), task.query(), queryStatistics.mode(), statistics).value();
    }

    /**
     * The outcome of a learning-rate search.
     *
     * @param best the fine-tuning with the best mean validation accuracy (the smallest rate among equals)
     * @param validationAccuracy its mean validation accuracy
     * @param tried the mean validation accuracy of every rate tried, in grid order
     */
    public record Tuned(FineTuning best, double validationAccuracy, List<double[]> tried) {

        /**
         * Returns the rates and accuracies as text, such as {@code 0.01: 41.2%, 0.03: 55.0%}, with
         * each rate written by {@code formatRate}.
         */
        public String describeTried(DoubleFunction<String> formatRate) {
            List<String> parts = new ArrayList<>();
            for (double[] pair : tried) {
                parts.add(formatRate.apply(pair[0]) + String.format(Locale.ROOT, ": %.1f%%", 100 * pair[1]));
            }
            return String.join(", ", parts);
        }
    }

    /** Tries every learning rate of {@code grid} on the validation tasks and returns the best. */
    public Tuned tune(double[] grid, List<FewShotTask> validation) {
        if (grid.length == 0 || validation.isEmpty()) {
            throw new IllegalArgumentException("FineTuning.tune: needs at least one learning rate and one validation task");
        }
        FineTuning best = null;
        double bestAccuracy = -1;
        List<double[]> tried = new ArrayList<>();
        for (double rate : grid) {
            FineTuning candidate = new FineTuning(learner, initialParameters, optimizer, rate, steps, bnMomentum, queryStatistics);
            double accuracy = AccuracySummary.of(candidate.accuracies(validation)).mean();
            tried.add(new double[] {rate, accuracy});
            if (accuracy > bestAccuracy) {
                best = candidate;
                bestAccuracy = accuracy;
            }
        }
        return new Tuned(best, bestAccuracy, tried);
    }
}
