package l2l.metalearner.coordinatewise;

import l2l.metalearner.evaluation.OptimizerRun;

/**
 * The settings of meta-training by truncated backpropagation through time.
 *
 * @param iterations the number of meta-iterations, each one unroll followed by one Adam update of
 *     the optimizer's weights; at least 1
 * @param unroll the optimization steps per unroll, at least 1
 * @param horizon the optimization steps per training problem before a fresh one is sampled; at
 *     least {@code unroll}. A problem takes {@code ceil(horizon / unroll)} meta-iterations.
 * @param learningRate the Adam learning rate of the meta-optimizer at the first meta-iteration,
 *     positive
 * @param finalLearningRate the learning rate at the last meta-iteration, positive and at most
 *     {@code learningRate}; the rate follows a cosine from {@code learningRate} down to it, and
 *     stays constant when both are equal
 * @param clipNorm the largest L2 norm of the meta-gradient, above which it is scaled down to this
 *     norm; 0 turns clipping off
 * @param validationInterval the number of training problems between two validations, at least 1
 * @param trainingSeed the seed of the stream from which every training problem's seed is drawn
 * @param metaLoss how an unroll's losses make its meta-loss, and how validation runs are scored
 *     unless {@code relativeValidation} is given
 * @param validationHorizon the optimization steps of a validation run, at least 1. Longer than
 *     {@code horizon}, it selects the best weights by how they keep optimizing past the steps they
 *     were trained on.
 * @param imitation the hand-designed optimizer that drives some training problems for the LSTM to
 *     imitate, or null to train on the meta-loss alone, as the paper does
 * @param emaDecay the decay of an exponential moving average of the weights, from 0 to below
 *     1: after every meta-iteration {@code average = emaDecay * average + (1 - emaDecay) *
 *     weights}, starting from the initial weights, and validation and checkpoints take the average
 *     in place of the latest weights. 0 turns averaging off; 0.9 averages over about the last 10
 *     meta-iterations, which smooths the noise of meta-gradients from one problem each.
 * @param relativeValidation the baseline against which validation runs are scored, whose last
 *     step is at most {@code validationHorizon}, or null to score them by {@code metaLoss}
 */
public record MetaTrainingSettings(int iterations, int unroll, int horizon, double learningRate, double finalLearningRate, double clipNorm,
        int validationInterval, long trainingSeed, MetaLoss metaLoss, int validationHorizon, Imitation imitation, double emaDecay,
        RelativeValidation relativeValidation) {

    /** The default unroll length. */
    public static final int DEFAULT_UNROLL = 20;
    /** The default horizon. */
    public static final int DEFAULT_HORIZON = 100;
    /** The default meta-learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    /** Validates the settings. */
    public MetaTrainingSettings {
        if (iterations < 1) {
            throw new IllegalArgumentException("Meta-training: the number of meta-iterations must be at least 1, got " + iterations);
        }
        if (unroll < 1) {
            throw new IllegalArgumentException("Meta-training: the unroll must be at least 1 step, got " + unroll);
        }
        if (horizon > OptimizerRun.MAX_STEPS) {
            throw new IllegalArgumentException("Meta-training: the horizon (" + horizon + " steps) must be at most " + OptimizerRun.MAX_STEPS
                    + " steps, the longest run that validation supports");
        }
        if (horizon < unroll) {
            throw new IllegalArgumentException("Meta-training: the horizon (" + horizon + " steps) must be at least the unroll ("
                    + unroll + " steps)");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("Meta-training: the meta-learning rate must be a positive finite number, got " + learningRate);
        }
        if (!(finalLearningRate > 0) || !Double.isFinite(finalLearningRate)) {
            throw new IllegalArgumentException("Meta-training: the final meta-learning rate must be a positive finite number, got "
                    + finalLearningRate);
        }
        if (finalLearningRate > learningRate) {
            throw new IllegalArgumentException("Meta-training: the final meta-learning rate " + finalLearningRate + " is larger than the "
                    + "initial one, " + learningRate + ", but the schedule is a cosine decay; give a final rate of at most the initial one");
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("Meta-training: the clipping norm must be 0 (off) or a positive finite number, got " + clipNorm);
        }
        if (validationInterval < 1) {
            throw new IllegalArgumentException("Meta-training: the validation interval must be at least 1 problem, got " + validationInterval);
        }
        if (metaLoss == null) {
            throw new IllegalArgumentException("Meta-training: the meta-loss must be given (MetaLoss.SUM is the paper's)");
        }
        if (validationHorizon < 1 || validationHorizon > OptimizerRun.MAX_STEPS) {
            throw new IllegalArgumentException("Meta-training: the validation horizon must be from 1 to " + OptimizerRun.MAX_STEPS
                    + " steps, got " + validationHorizon);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("Meta-training: the decay of the weight average must be at least 0 (off) and below 1, got "
                    + emaDecay);
        }
        if (relativeValidation != null && relativeValidation.lastStep() > validationHorizon) {
            throw new IllegalArgumentException("Meta-training: validation against " + relativeValidation.describeBaseline()
                    + " compares at step " + relativeValidation.lastStep() + ", beyond the validation horizon of " + validationHorizon
                    + " steps; compare at earlier steps or lengthen the validation horizon");
        }
    }

    /** Returns settings whose validation runs are scored by the meta-loss. */
    public MetaTrainingSettings(int iterations, int unroll, int horizon, double learningRate, double finalLearningRate, double clipNorm,
            int validationInterval, long trainingSeed, MetaLoss metaLoss, int validationHorizon, Imitation imitation, double emaDecay) {
        this(iterations, unroll, horizon, learningRate, finalLearningRate, clipNorm, validationInterval, trainingSeed, metaLoss,
                validationHorizon, imitation, emaDecay, null);
    }

    /** Returns settings without a weight average, scored by the meta-loss. */
    public MetaTrainingSettings(int iterations, int unroll, int horizon, double learningRate, double finalLearningRate, double clipNorm,
            int validationInterval, long trainingSeed, MetaLoss metaLoss, int validationHorizon, Imitation imitation) {
        this(iterations, unroll, horizon, learningRate, finalLearningRate, clipNorm, validationInterval, trainingSeed, metaLoss,
                validationHorizon, imitation, 0);
    }

    /** Returns settings without imitation or a weight average. */
    public MetaTrainingSettings(int iterations, int unroll, int horizon, double learningRate, double finalLearningRate, double clipNorm,
            int validationInterval, long trainingSeed, MetaLoss metaLoss, int validationHorizon) {
        this(iterations, unroll, horizon, learningRate, finalLearningRate, clipNorm, validationInterval, trainingSeed, metaLoss,
                validationHorizon, null);
    }

    /** Returns settings whose validation runs last {@code horizon} steps, as the training problems do. */
    public MetaTrainingSettings(int iterations, int unroll, int horizon, double learningRate, double finalLearningRate, double clipNorm,
            int validationInterval, long trainingSeed, MetaLoss metaLoss) {
        this(iterations, unroll, horizon, learningRate, finalLearningRate, clipNorm, validationInterval, trainingSeed, metaLoss, horizon);
    }

    /**
     * Returns settings with the paper's meta-loss, {@link MetaLoss#SUM}, and validation runs of
     * {@code horizon} steps.
     */
    public MetaTrainingSettings(int iterations, int unroll, int horizon, double learningRate, double finalLearningRate, double clipNorm,
            int validationInterval, long trainingSeed) {
        this(iterations, unroll, horizon, learningRate, finalLearningRate, clipNorm, validationInterval, trainingSeed, MetaLoss.SUM);
    }

    /**
     * Returns the name of the validation metric for messages: "validation loss" for the sum
     * meta-loss, "validation log-loss" for the log meta-loss, and "validation ratio to nag:1.0"
     * against a baseline.
     */
    public String validationMetricName() {
        if (relativeValidation != null) {
            return "validation ratio to " + relativeValidation.describeBaseline();
        }
        return metaLoss == MetaLoss.LOG ? "validation log-loss" : "validation loss";
    }

    /**
     * Returns the meta-learning rate of meta-iteration {@code iteration}, counted from 1:
     * {@code final + (initial - final) (1 + cos(pi (iteration - 1) / (iterations - 1))) / 2}.
     */
    public double learningRate(int iteration) {
        if (iterations == 1 || learningRate == finalLearningRate) {
            return learningRate;
        }
        double progress = (double) (iteration - 1) / (iterations - 1);
        return finalLearningRate + (learningRate - finalLearningRate) * (1 + Math.cos(Math.PI * progress)) / 2;
    }

    /** Returns the number of meta-iterations spent on one problem: {@code ceil(horizon / unroll)}. */
    public int iterationsPerProblem() {
        return (int) (((long) horizon + unroll - 1) / unroll);
    }
}
