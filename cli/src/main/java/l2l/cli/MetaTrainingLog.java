package l2l.cli;

import java.util.Locale;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.metalearner.coordinatewise.MetaLoss;
import l2l.metalearner.coordinatewise.MetaTrainer;

/**
 * Logs the progress of {@code l2l train}: a line at every validation, and between validations at
 * most one progress line every ten seconds. Each validation is also passed on to a consumer, which
 * writes the training log file. The validation metric is called "validation loss" for the sum
 * meta-loss and "validation log-loss" (the mean of the logarithms of the step losses) for the log
 * meta-loss.
 */
final class MetaTrainingLog implements MetaTrainer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MetaTrainingLog.class);
    private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

    private final int totalIterations;
    private final String metric;
    private final Consumer<MetaTrainer.Validation> validations;
    private long lastProgress = System.nanoTime();

    MetaTrainingLog(int totalIterations, MetaLoss metaLoss, Consumer<MetaTrainer.Validation> validations) {
        this.totalIterations = totalIterations;
        this.metric = metricName(metaLoss);
        this.validations = validations;
    }

    /** Returns the name of the validation metric of runs with {@code metaLoss}. */
    static String metricName(MetaLoss metaLoss) {
        return metaLoss == MetaLoss.LOG ? "validation log-loss" : "validation loss";
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
            LOG.info("{} before training {}", metric, format(validation.loss()));
            return;
        }
        double perIteration = validation.trainingSeconds() / validation.iterations();
        LOG.info("meta-iteration {}/{} (problem {}): {}, {} {}{} (best {} at meta-iteration {}), "
                + "{} s/iteration, about {} left", validation.iterations(), totalIterations, validation.problems(),
                losses(validation.metaLoss(), validation.imitationLoss()), metric, format(validation.loss()),
                validation.best() ? " (new best)" : "",
                format(validation.bestLoss()), validation.bestIteration(), format(perIteration),
                duration(perIteration * (totalIterations - validation.iterations())));
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
