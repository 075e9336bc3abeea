package l2l.metalearner.fewshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.optim.Adam;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.NormalizationMode;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Meta-trains a {@link MetaLearner} on tasks, as Ravi and Larochelle (2017) do. For each episode:
 * <ol>
 *   <li>adapt the learner to the support set in T steps from {@code c0} ({@link MetaLearner#adapt});
 *   <li>the meta-loss is the learner's cross-entropy on the query set after the last step, with
 *       batch normalisation on the query batch's statistics;
 *   <li>its gradient with respect to all meta-parameters, {@code c0} included, is scaled down to
 *       the clipping norm when longer, and Adam takes one step.
 * </ol>
 * Every {@link MetaTrainingConfig#validateEvery()} episodes (and after the last) the model is
 * validated on fixed tasks, as it is once before the first episode; the best model is written to
 * {@value #BEST_FILE} and the resumable state to {@value #CHECKPOINT_FILE} in the run folder. A run started from a state read back from
 * that checkpoint gives bit for bit the result of an uninterrupted run.
 *
 * <p>An episode whose meta-loss or meta-gradient is not finite, or whose computation or validation
 * overflows, stops the run with a {@link DivergenceException}; the checkpoint on disk is the last
 * one written before it.
 */
public final class MetaTrainer {

    /** The file name of the resumable training checkpoint in the run folder. */
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";
    /** The file name of the best validated model in the run folder. */
    public static final String BEST_FILE = "best.safetensors";

    private final FewShotSetup setup;
    private final Learner learner;
    private final MetaLearner metaLearner;
    private final MetaTrainingConfig config;
    private final TaskSource tasks;
    private final List<FewShotTask> validation;
    private final Path runFolder;
    private final Map<String, Object> provenance;

    /**
     * Creates a trainer.
     *
     * @param tasks the meta-training tasks; episode {@code e} (from 1) uses task {@code e - 1}
     * @param validation the fixed validation tasks, at least one
     * @param runFolder the folder the checkpoints are written to; it must exist
     * @param provenance what to record in every checkpoint about how the run was made
     */
    public MetaTrainer(FewShotSetup setup, Learner learner, MetaTrainingConfig config, TaskSource tasks, List<FewShotTask> validation,
            Path runFolder, Map<String, Object> provenance) {
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("MetaTrainer: at least one validation task is needed");
        }
        this.setup = setup;
        this.learner = learner;
        this.metaLearner = new MetaLearner(setup.hidden(), learner.parameterCount());
        this.config = config;
        this.tasks = tasks;
        this.validation = List.copyOf(validation);
        this.runFolder = runFolder;
        this.provenance = Map.copyOf(provenance);
    }

    /**
     * Receives the progress of a run, on the thread that runs {@link #train}. The trainer logs
     * nothing itself, so a caller that wants progress lines writes them here. Both methods do
     * nothing by default.
     */
    public interface Listener {

        /**
         * Called every {@link MetaTrainingConfig#logEvery()} episodes with the means over those
         * episodes.
         */
        default void trained(Progress progress) {
        }

        /** Called after every validation, the one before the first episode included, once its checkpoint is written. */
        default void validated(Validation validation) {
        }
    }

    /** A listener that ignores every event. */
    public static final Listener SILENT = new Listener() {
    };

    /**
     * The means over the episodes since the previous progress report.
     *
     * @param episode the episodes done so far
     * @param episodes the episodes the run will do
     * @param metaLoss the mean query loss after adaptation
     * @param accuracy the mean query accuracy after adaptation, a fraction
     * @param episodesPerSecond the speed since {@link #train} was called
     */
    public record Progress(long episode, long episodes, double metaLoss, double accuracy, double episodesPerSecond) {
    }

    /**
     * The result of a validation.
     *
     * @param episode the episodes done before it, 0 for the validation before training
     * @param accuracy the accuracy on the validation tasks
     * @param bestAccuracy the best mean validation accuracy so far, this one included
     * @param bestEpisode the episode of that best validation
     */
    public record Validation(long episode, AccuracySummary accuracy, double bestAccuracy, long bestEpisode) {
    }

    /** Returns the state before the first episode, with meta-parameters initialised from the configured seed. */
    public TrainingState initialState() {
        return TrainingState.start(metaLearner.initialParameters(learner, new TensorRandom(config.seed())));
    }

    /**
     * The outcome of one meta-training episode.
     *
     * @param metaLoss the query loss after adaptation
     * @param accuracy the query accuracy after adaptation
     * @param gradient the meta-gradient before clipping
     * @param gradientNorm its Euclidean norm
     */
    public record EpisodeResult(double metaLoss, double accuracy, Tensor gradient, double gradientNorm) {
    }

    /** Computes the meta-loss and meta-gradient of one episode at {@code parameters}, without changing anything. */
    public EpisodeResult episode(Tensor parameters, FewShotTask task) {
        Variable meta = Variable.parameter(parameters);
        RunningStatistics statistics = new RunningStatistics(setup.bnMomentum());
        MetaLearner.Adaptation adaptation = metaLearner.adapt(meta, learner, task, setup.steps(), setup.p(), setup.order(), statistics);
        Variable logits = learner.logits(adaptation.theta(), task.query(), NormalizationMode.BATCH, statistics);
        Variable loss = NeuralOps.softmaxCrossEntropy(logits, task.queryLabels());
        double accuracy = FewShotModel.accuracy(logits.value(), task.queryLabels());
        loss.backward();
        Tensor gradient = meta.grad();
        double norm = Math.sqrt(gradient.square().sum().item());
        return new EpisodeResult(loss.value().item(), accuracy, gradient, norm);
    }

    /**
     * Trains from {@code state} until {@link MetaTrainingConfig#episodes()} episodes are done and
     * returns the final state; the run folder then contains its checkpoint and the best model.
     *
     * @param listener receives progress reports and validation results
     * @throws DivergenceException if an episode's meta-loss or meta-gradient is not finite
     * @throws FewShotException if a task cannot be read
     * @throws IOException if a checkpoint cannot be written
     */
    public TrainingState train(TrainingState state, Listener listener) throws FewShotException, IOException {
        Adam adam = new Adam(config.learningRate());
        adam.reset(metaLearner.layout().size());
        if (!state.optimizerState().isEmpty()) {
            adam.restoreState(state.optimizerState());
        }
        Tensor parameters = state.parameters();
        LearningCurve curve = state.curve();
        TrainingState.PendingInterval pending = state.pending();
        double bestAccuracy = state.bestAccuracy();
        long bestEpisode = state.bestEpisode();
        long done = state.episodesDone();
        if (done == 0 && curve.validation().isEmpty()) {
            AccuracySummary initial = validate(0, parameters);
            curve.addValidation(new LearningCurve.ValidationPoint(0, initial.mean(), initial.ci95()));
            bestAccuracy = initial.mean();
            bestEpisode = 0;
            writeBest(parameters, 0, initial);
            TrainingState checkpoint = new TrainingState(parameters, adam.state(), 0, bestAccuracy, bestEpisode, curve, pending);
            FewShotCheckpoints.writeTraining(runFolder.resolve(CHECKPOINT_FILE), setup, config, metaLearner, checkpoint, provenance);
            listener.validated(new Validation(0, initial, bestAccuracy, bestEpisode));
        }

        long sessionStart = System.nanoTime();
        long sessionEpisodes = 0;
        while (done < config.episodes()) {
            long episode = done + 1;
            FewShotTask task = tasks.task(episode - 1);
            EpisodeResult result = checkedEpisode(episode, parameters, task);
            parameters = adam.step(parameters, clip(result.gradient(), result.gradientNorm(), config.clipNorm()));
            done = episode;
            sessionEpisodes++;
            pending = pending.plus(result.metaLoss(), result.accuracy());

            if (episode % config.logEvery() == 0) {
                curve.addTraining(new LearningCurve.TrainingPoint(episode, pending.metaLossSum() / pending.episodes(),
                        pending.accuracySum() / pending.episodes()));
                listener.trained(new Progress(episode, config.episodes(), pending.metaLossSum() / pending.episodes(),
                        pending.accuracySum() / pending.episodes(), sessionEpisodes / ((System.nanoTime() - sessionStart) / 1e9)));
                pending = TrainingState.PendingInterval.EMPTY;
            }
            if (episode % config.validateEvery() == 0 || episode == config.episodes()) {
                AccuracySummary accuracy = validate(episode, parameters);
                curve.addValidation(new LearningCurve.ValidationPoint(episode, accuracy.mean(), accuracy.ci95()));
                if (accuracy.mean() > bestAccuracy) {
                    bestAccuracy = accuracy.mean();
                    bestEpisode = episode;
                    writeBest(parameters, episode, accuracy);
                }
                TrainingState checkpoint = new TrainingState(parameters, adam.state(), done, bestAccuracy, bestEpisode, curve, pending);
                FewShotCheckpoints.writeTraining(runFolder.resolve(CHECKPOINT_FILE), setup, config, metaLearner, checkpoint, provenance);
                listener.validated(new Validation(episode, accuracy, bestAccuracy, bestEpisode));
            }
        }
        return new TrainingState(parameters, adam.state(), done, bestAccuracy, bestEpisode, curve, pending);
    }

    /** Returns {@code gradient} scaled down to {@code maxNorm} when its norm {@code norm} exceeds it, else {@code gradient} itself. */
    public static Tensor clip(Tensor gradient, double norm, double maxNorm) {
        return norm > maxNorm ? gradient.mul(maxNorm / norm) : gradient;
    }

    private EpisodeResult checkedEpisode(long episode, Tensor parameters, FewShotTask task) throws DivergenceException {
        EpisodeResult result;
        try {
            result = episode(parameters, task);
        } catch (ArithmeticException e) {
            throw divergence(episode, "its computation overflowed (" + e.getMessage() + ")", e);
        }
        if (!Double.isFinite(result.metaLoss())) {
            throw divergence(episode, "its meta-loss is " + result.metaLoss(), null);
        }
        if (!Double.isFinite(result.gradientNorm())) {
            throw divergence(episode, "its meta-gradient is not finite", null);
        }
        return result;
    }

    private DivergenceException divergence(long episode, String reason, Throwable cause) {
        Path checkpoint = runFolder.resolve(CHECKPOINT_FILE);
        String lastGood = checkpoint.toFile().isFile() ? "the last good checkpoint, " + checkpoint + ", is kept; "
                : "no checkpoint was written before it; ";
        return new DivergenceException(episode, "Meta-training diverged at episode " + episode + ": " + reason + ". Training stopped; "
                + lastGood + "lower the learning rate or the clipping norm and start again", cause);
    }

    private AccuracySummary validate(long episode, Tensor parameters) throws DivergenceException {
        try {
            return AccuracySummary.of(new FewShotModel(setup, learner, parameters).accuracies(validation));
        } catch (ArithmeticException e) {
            throw divergence(episode, "validating its parameters overflowed (" + e.getMessage() + ")", e);
        }
    }

    private void writeBest(Tensor parameters, long episode, AccuracySummary accuracy) throws IOException {
        Map<String, Object> bestProvenance = new java.util.LinkedHashMap<>(provenance);
        bestProvenance.put("training", config.toJson());
        bestProvenance.put("episodes_done", episode);
        bestProvenance.put("validation", accuracy.toJson());
        FewShotCheckpoints.writeModel(runFolder.resolve(BEST_FILE), setup, metaLearner, parameters, bestProvenance);
    }
}
