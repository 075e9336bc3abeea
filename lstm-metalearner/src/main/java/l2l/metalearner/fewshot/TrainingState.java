package l2l.metalearner.fewshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import l2l.tensor.Tensor;

/**
 * Everything a meta-training run needs to continue exactly where it stopped: the meta-parameters,
 * Adam's state, the number of episodes done, the best validation so far, the learning curve and
 * the sums of the progress interval in progress. Tasks come from an indexed source, so no random
 * state is needed besides these.
 *
 * @param parameters the flat meta-parameters
 * @param optimizerState Adam's state as {@link l2l.metalearner.optim.Optimizer#state()} returns
 *     it; empty before the first episode
 * @param episodesDone the number of episodes done
 * @param bestAccuracy the best validation accuracy so far, or -1 before the first validation
 * @param bestEpisode the episode count of the best validation, or -1
 * @param curve the learning curve so far
 * @param pending the meta-loss and accuracy sums of the episodes since the last training point
 */
public record TrainingState(Tensor parameters, Map<String, Tensor> optimizerState, long episodesDone, double bestAccuracy,
        long bestEpisode, LearningCurve curve, PendingInterval pending) {

    /**
     * The sums over the episodes since the last training point of the curve.
     *
     * @param episodes the number of episodes summed
     * @param metaLossSum the sum of their meta-losses
     * @param accuracySum the sum of their query accuracies
     */
    public record PendingInterval(long episodes, double metaLossSum, double accuracySum) {

        /** No episode summed yet. */
        public static final PendingInterval EMPTY = new PendingInterval(0, 0, 0);

        /** Returns the sums with one more episode. */
        public PendingInterval plus(double metaLoss, double accuracy) {
            return new PendingInterval(episodes + 1, metaLossSum + metaLoss, accuracySum + accuracy);
        }
    }

    /** Copies the maps and the curve. */
    public TrainingState {
        Objects.requireNonNull(parameters, "parameters");
        optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
        curve = curve.copy();
        Objects.requireNonNull(pending, "pending");
    }

    /** Returns the state before the first episode. */
    public static TrainingState start(Tensor parameters) {
        return new TrainingState(parameters, Map.of(), 0, -1, -1, new LearningCurve(), PendingInterval.EMPTY);
    }

    /** Returns a copy of the curve. */
    @Override
    public LearningCurve curve() {
        return curve.copy();
    }
}
