package l2l.metalearner.fewshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import l2l.metalearner.checkpoint.Checkpoint;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.checkpoint.Checkpoints;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProviders;
import l2l.metalearner.problem.ParameterBlock;
import l2l.tensor.Tensor;

/**
 * Few-shot meta-learners as {@link Checkpoints} of kind {@value #KIND}.
 *
 * <p>A model file contains one tensor per block of the meta-parameter layout, under the names of
 * {@link MetaLearner} ({@code lstm.weight_ih}, ..., {@code c0}); its configuration is the
 * {@link FewShotSetup} as JSON. A training checkpoint adds Adam's state as tensors named
 * {@code optimizer.step}, {@code optimizer.mean} and {@code optimizer.mean_square}, and its
 * provenance adds the fields {@code training} (the {@link MetaTrainingConfig}),
 * {@code episodes_done}, {@code best_accuracy}, {@code best_episode}, {@code curve} (the
 * {@link LearningCurve}) and {@code pending} (the sums of the progress interval in progress).
 */
public final class FewShotCheckpoints {

    /** The checkpoint kind of few-shot meta-learners. */
    public static final String KIND = "l2l.metalstm";

    private static final String OPTIMIZER_PREFIX = "optimizer.";
    private static final String OTHER_KIND_ADVICE = "give a few-shot model written by 'l2l fewshot train', such as "
            + MetaTrainer.BEST_FILE + " or " + MetaTrainer.CHECKPOINT_FILE + " in its run folder, or a file in models/";

    private FewShotCheckpoints() {
    }

    /** A model read from a file, with the provenance recorded in it. */
    public record LoadedModel(FewShotModel model, Map<String, Object> provenance) {
    }

    /** A training checkpoint read from a file. */
    public record LoadedTraining(FewShotSetup setup, MetaTrainingConfig config, TrainingState state, Map<String, Object> provenance) {
    }

    /**
     * Writes the model {@code parameters} of {@code setup} atomically.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeModel(Path file, FewShotSetup setup, MetaLearner metaLearner, Tensor parameters, Map<String, Object> provenance)
            throws IOException {
        Checkpoints.write(file, new Checkpoint(KIND, setup.toJson(), provenance, metaLearner.layout().split(parameters)));
    }

    /**
     * Writes a resumable training checkpoint atomically.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeTraining(Path file, FewShotSetup setup, MetaTrainingConfig config, MetaLearner metaLearner, TrainingState state,
            Map<String, Object> provenance) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(metaLearner.layout().split(state.parameters()));
        for (Map.Entry<String, Tensor> entry : state.optimizerState().entrySet()) {
            tensors.put(OPTIMIZER_PREFIX + entry.getKey(), entry.getValue());
        }
        Map<String, Object> fullProvenance = new LinkedHashMap<>(provenance);
        fullProvenance.put("training", config.toJson());
        fullProvenance.put("episodes_done", state.episodesDone());
        fullProvenance.put("best_accuracy", state.bestAccuracy());
        fullProvenance.put("best_episode", state.bestEpisode());
        fullProvenance.put("curve", state.curve().toJson());
        Map<String, Object> pending = new LinkedHashMap<>();
        pending.put("episodes", state.pending().episodes());
        pending.put("meta_loss_sum", state.pending().metaLossSum());
        pending.put("accuracy_sum", state.pending().accuracySum());
        fullProvenance.put("pending", pending);
        Checkpoints.write(file, new Checkpoint(KIND, setup.toJson(), fullProvenance, tensors));
    }

    /**
     * Reads a model (a model file or a training checkpoint) and rebuilds its learner.
     *
     * @throws CheckpointException if the file is missing, corrupt, of another kind, names an
     *     unknown learner, or contains tensors of other shapes than its configuration needs
     */
    public static LoadedModel readModel(Path file, LearnerProviders providers) throws CheckpointException {
        Checkpoint checkpoint = Checkpoints.read(file, KIND, OTHER_KIND_ADVICE);
        FewShotSetup setup = FewShotSetup.fromJson(file, checkpoint.config());
        Learner learner = createLearner(file, setup, providers);
        MetaLearner metaLearner = new MetaLearner(setup.hidden(), learner.parameterCount());
        Tensor parameters = readParameters(file, checkpoint, metaLearner, learner);
        return new LoadedModel(new FewShotModel(setup, learner, parameters), checkpoint.provenance());
    }

    /**
     * Reads a training checkpoint to resume it.
     *
     * @throws CheckpointException if the file is not a valid training checkpoint of this kind, or
     *     its tensors do not fit its configuration
     */
    public static LoadedTraining readTraining(Path file, LearnerProviders providers) throws CheckpointException {
        Checkpoint checkpoint = Checkpoints.read(file, KIND, OTHER_KIND_ADVICE);
        FewShotSetup setup = FewShotSetup.fromJson(file, checkpoint.config());
        Learner learner = createLearner(file, setup, providers);
        MetaLearner metaLearner = new MetaLearner(setup.hidden(), learner.parameterCount());
        Tensor parameters = readParameters(file, checkpoint, metaLearner, learner);
        Map<String, Object> provenance = checkpoint.provenance();
        Object training = provenance.get("training");
        if (!(training instanceof Map)) {
            throw new CheckpointException(file, "contains a model but no training state; only checkpoints written during training "
                    + "can be resumed");
        }
        MetaTrainingConfig config = MetaTrainingConfig.fromJson(file, (Map<?, ?>) training);
        Map<String, Tensor> optimizerState = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : checkpoint.tensors().entrySet()) {
            if (entry.getKey().startsWith(OPTIMIZER_PREFIX)) {
                optimizerState.put(entry.getKey().substring(OPTIMIZER_PREFIX.length()), entry.getValue());
            }
        }
        Map<?, ?> pending = object(file, provenance, "pending");
        TrainingState state = new TrainingState(parameters, optimizerState, whole(file, provenance, "episodes_done"),
                number(file, provenance, "best_accuracy"), whole(file, provenance, "best_episode"),
                LearningCurve.fromJson(file, provenance.get("curve")),
                new TrainingState.PendingInterval(whole(file, pending, "episodes"), number(file, pending, "meta_loss_sum"),
                        number(file, pending, "accuracy_sum")));
        return new LoadedTraining(setup, config, state, provenance);
    }

    private static Learner createLearner(Path file, FewShotSetup setup, LearnerProviders providers) throws CheckpointException {
        try {
            return setup.createLearner(providers);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "its learner cannot be built: " + e.getMessage(), e);
        }
    }

    private static Tensor readParameters(Path file, Checkpoint checkpoint, MetaLearner metaLearner, Learner learner)
            throws CheckpointException {
        Map<String, Tensor> parts = new LinkedHashMap<>();
        for (ParameterBlock block : metaLearner.layout().blocks()) {
            Tensor stored = checkpoint.tensors().get(block.name());
            if ("c0".equals(block.name()) && stored != null && !stored.hasShape(block.shape())) {
                throw new CheckpointException(file, "tensor 'c0' has " + stored.size() + " learner parameters but " + learner.name()
                        + " has " + learner.parameterCount() + "; the file was written for another learner shape");
            }
            parts.put(block.name(), checkpoint.tensor(file, block.name(), block.shape()));
        }
        Tensor parameters = metaLearner.layout().join(parts);
        if (!parameters.isFinite()) {
            throw new CheckpointException(file, "contains meta-parameters that are not finite (NaN or infinite); the run that wrote it diverged, so use an earlier checkpoint");
        }
        return parameters;
    }

    private static Map<?, ?> object(Path file, Map<?, ?> json, String key) throws CheckpointException {
        Object value = json.get(key);
        if (!(value instanceof Map)) {
            throw new CheckpointException(file, "provenance field '" + key + "' must be a JSON object, found " + value
                    + Checkpoints.DAMAGED_METADATA);
        }
        return (Map<?, ?>) value;
    }

    private static double number(Path file, Map<?, ?> json, String key) throws CheckpointException {
        Object value = json.get(key);
        if (!(value instanceof Number)) {
            throw new CheckpointException(file, "provenance field '" + key + "' must be a number, found " + value);
        }
        return ((Number) value).doubleValue();
    }

    private static long whole(Path file, Map<?, ?> json, String key) throws CheckpointException {
        Object value = json.get(key);
        if (!(value instanceof Long)) {
            throw new CheckpointException(file, "provenance field '" + key + "' must be a whole number, found " + value);
        }
        return (Long) value;
    }
}
