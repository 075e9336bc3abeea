package l2l.cli;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.metalearner.coordinatewise.MetaTrainer;
import l2l.metalearner.coordinatewise.MetaTrainingSettings;

/**
 * Logs the progress of {@code l2l train}: a line at every validation, and between validations at
 * most one progress line every ten seconds. Each validation is also passed on to a consumer, which
 * writes the training log file. The validation metric is called "validation loss" for the sum
 * meta-loss, "validation log-loss" (the mean of the logarithms of the step losses) for the log
 * meta-loss, and "validation ratio to nag:1.0" when it is scored against a baseline.
 */
final class MetaTrainingLog implements MetaTrainer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MetaTrainingLog.class);
    private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

    private final int totalIterations;
    private final String metric;
    private final List<Integer> ratioSteps;
    private final Consumer<MetaTrainer.Validation> validations;
    private long lastProgress = System.nanoTime();

    MetaTrainingLog(MetaTrainingSettings settings, Consumer<MetaTrainer.Validation> validations) {
        this.totalIterations = settings.iterations();
        this.metric = settings.validationMetricName();
        this.ratioSteps = settings.relativeValidation() == null ? List.of() : settings.relativeValidation().steps();
        this.validations = validations;
    }

    @Override
    public void iterated(MetaTrainer.Progress progress) {
        if (System.nanoTime() - lastProgress < PROGRESS_INTERVAL_NANOS) {
            return;
        }
        lastProgress = System.nanoTime();
        double perIteration = progress.trainingSeconds() / progress.iterations();
        LOG.info("meta-iteration {}/{} (problem {}): {}, meta-gradient norm {}, meta-learning rate {}, "
                + "{} s/iteration, about {} left", progress.iterations(), progress.totalIterations(), progress.problems(),
                losses(progress.metaLoss(), progress.imitationLoss()), format(progress.gradientNorm()),
                format(progress.learningRate()), format(perIteration),
                duration(perIteration * (progress.totalIterations() - progress.iterations())));
    }

    @Override
    public void validated(MetaTrainer.Validation validation) {
        validations.accept(validation);
        if (validation.iterations() == 0) {
            if (Double.isFinite(validation.loss())) {
                LOG.info("{} before training {}{}", metric, format(validation.loss()), ratios(validation));
            } else {
                LOG.warn("{} before training {}{}: the starting weights diverge on the validation problems. Training goes on, and the "
                        + "first validation with a finite score replaces best.safetensors. A smaller output scale may keep the loss finite",
                        metric, format(validation.loss()), ratios(validation));
            }
            return;
        }
        double perIteration = validation.trainingSeconds() / validation.iterations();
        LOG.info("meta-iteration {}/{} (problem {}): {}, {} {}{}{} (best {} at meta-iteration {}), "
                + "{} s/iteration, about {} left", validation.iterations(), totalIterations, validation.problems(),
                losses(validation.metaLoss(), validation.imitationLoss()), metric, format(validation.loss()), ratios(validation),
                validation.best() ? " (new best)" : "",
                format(validation.bestLoss()), validation.bestIteration(), format(perIteration),
                duration(perIteration * (totalIterations - validation.iterations())));
    }

    private String ratios(MetaTrainer.Validation validation) {
        return ratios(ratioSteps, validation.ratios());
    }

    /** Returns " (step 20: R1, step 100: R2)" for the ratios to a baseline at those steps, or "" for none. */
    static String ratios(List<Integer> steps, List<Double> ratios) {
        if (ratios.isEmpty()) {
            return "";
        }
        StringJoiner parts = new StringJoiner(", ", " (", ")");
        for (int k = 0; k < steps.size(); k++) {
            parts.add("step " + steps.get(k) + ": " + format(ratios.get(k)));
        }
        return parts.toString();
    }

    /**
     * Returns "meta-loss X", "imitation loss Y" or both, leaving out the one no meta-iteration since
     * the last line had (NaN): a run without --imitate has no imitation loss, and one whose every
     * problem imitates has no meta-loss.
     */
    static String losses(double metaLoss, double imitationLoss) {
        if (Double.isNaN(imitationLoss)) {
            return "meta-loss " + format(metaLoss);
        }
        if (Double.isNaN(metaLoss)) {
            return "imitation loss " + format(imitationLoss);
        }
        return "meta-loss " + format(metaLoss) + ", imitation loss " + format(imitationLoss);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.5g", value);
    }

    private static String duration(double seconds) {
        long total = Math.round(seconds);
        return total >= 60 ? total / 60 + " min " + total % 60 + " s" : total + " s";
    }
}
