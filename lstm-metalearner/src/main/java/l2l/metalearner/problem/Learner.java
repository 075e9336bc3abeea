package l2l.metalearner.problem;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * A classifier whose weights are one flat parameter vector: the model a learned optimizer trains.
 * Implementations are found as services ({@code provides l2l.metalearner.problem.LearnerProvider
 * with ...} in a module's {@code module-info}), so a user's module can add its own.
 *
 * <p>Contract, which {@code l2l.metalearner.testkit.LearnerContractTest} (in the test-jar of
 * {@code l2l-lstm-metalearner}) checks:
 * <ul>
 *   <li>{@link #layout()} lists every weight in flat order, and {@link #parameterCount()} equals
 *       its size;
 *   <li>{@link #initialParameters} gives the same vector for the same random state;
 *   <li>{@link #logits} maps inputs {@code [B, inputShape...]} to {@code [B, classes]}, is
 *       differentiable with respect to the parameters, and rejects inputs of another shape with an
 *       {@link IllegalArgumentException} that names the expected and actual shapes, as
 *       {@link LearnerInputs#requireBatch} does.
 * </ul>
 * A learner holds no per-call state unless documented, so one instance may serve many problems
 * on one thread.
 */
public interface Learner {

    /** Returns the learner's name, as the command line's {@code --learner} option takes it. */
    String name();

    /** Returns the shape of one input example, without the batch dimension, such as {@code [784]}. */
    int[] inputShape();

    /** Returns the number of classes the logits score. */
    int classes();

    /** Returns the documented order of the weights in the flat parameter vector. */
    ParameterLayout layout();

    /** Returns the number of coordinates of the flat parameter vector. */
    default int parameterCount() {
        return layout().size();
    }

    /** Returns a freshly initialised flat parameter vector {@code [parameterCount()]} drawn from {@code random}. */
    Tensor initialParameters(TensorRandom random);

    /**
     * Returns the logits {@code [B, classes]} for {@code inputs [B, inputShape...]}.
     *
     * @param parameters the flat parameter vector {@code [parameterCount()]}
     * @throws IllegalArgumentException if {@code inputs} or {@code parameters} has the wrong shape
     */
    Variable logits(Variable parameters, Tensor inputs);

    /** Returns the mean softmax cross-entropy of {@link #logits} against integer {@code labels} in {@code [0, classes)}. */
    default Variable loss(Variable parameters, Tensor inputs, int[] labels) {
        return NeuralOps.softmaxCrossEntropy(logits(parameters, inputs), labels);
    }

    /**
     * Returns the logits {@code [B, classes]} with batch normalisation in the given mode. A learner
     * with batch-normalisation layers overrides this method and {@link #usesBatchNormalization()};
     * {@link #logits(Variable, Tensor)} then means {@link NormalizationMode#BATCH}. The default
     * ignores the mode and the statistics and returns {@link #logits(Variable, Tensor)}.
     *
     * @param statistics the episode's running statistics: updated in
     *     {@link NormalizationMode#BATCH_AND_TRACK}, read in {@link NormalizationMode#RUNNING}, unused
     *     (and may be null) in {@link NormalizationMode#BATCH}
     * @throws IllegalStateException in {@link NormalizationMode#RUNNING} if a layer has no tracked statistics
     */
    default Variable logits(Variable parameters, Tensor inputs, NormalizationMode mode, RunningStatistics statistics) {
        return logits(parameters, inputs);
    }

    /** Returns the mean softmax cross-entropy of {@link #logits(Variable, Tensor, NormalizationMode, RunningStatistics)}. */
    default Variable loss(Variable parameters, Tensor inputs, int[] labels, NormalizationMode mode, RunningStatistics statistics) {
        return NeuralOps.softmaxCrossEntropy(logits(parameters, inputs, mode, statistics), labels);
    }

    /** Returns whether the learner has batch-normalisation layers, so that the normalisation mode changes its logits. */
    default boolean usesBatchNormalization() {
        return false;
    }
}
