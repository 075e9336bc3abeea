package l2l.metalearner.fewshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.metalearner.problem.LearnerProviders;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class MetaTrainerTest {

    private static final int FEATURES = 3;
    private static final int WAYS = 2;

    @TempDir
    Path folder;

    private final LinearLearner learner = new LinearLearner(FEATURES, WAYS);
    private final FewShotSetup setup = new FewShotSetup("linear", Map.of(), new int[] {FEATURES}, WAYS, 3, 3, 4, 3, 10,
            GradientOrder.FIRST, 0.1, QueryStatistics.SUPPORT);

    private static FewShotTask task(long index) {
        return LinearLearner.task(index, FEATURES, WAYS, 3, new TensorRandom(1000 + index));
    }

    private static List<FewShotTask> validation() {
        List<FewShotTask> tasks = new ArrayList<>();
        for (int index = 0; index < 4; index++) {
            tasks.add(LinearLearner.task(index, FEATURES, WAYS, 3, new TensorRandom(-1 - index)));
        }
        return tasks;
    }

    private MetaTrainer trainer(long episodes, long seed, TaskSource source, Path runFolder) {
        MetaTrainingConfig config = new MetaTrainingConfig(episodes, 0.01, 0.25, 2, 3, seed);
        return new MetaTrainer(setup, learner, config, source, validation(), runFolder, Map.of("test", true));
    }

    private static LearnerProviders providers() {
        return LearnerProviders.of(List.of(new LinearLearnerProvider()));
    }

    @Test
    void sameSeedGivesSameWeights() throws Exception {
        MetaTrainer first = trainer(5, 3, MetaTrainerTest::task, folder);
        MetaTrainer second = trainer(5, 3, MetaTrainerTest::task, folder);

        TrainingState a = first.train(first.initialState(), MetaTrainer.SILENT);
        TrainingState b = second.train(second.initialState(), MetaTrainer.SILENT);
        TrainingState other = trainer(5, 4, MetaTrainerTest::task, folder).train(trainer(5, 4, MetaTrainerTest::task, folder).initialState(), MetaTrainer.SILENT);

        assertThat(a.parameters()).isEqualTo(b.parameters());
        assertThat(a.curve()).isEqualTo(b.curve());
        assertThat(a.parameters()).isNotEqualTo(first.initialState().parameters());
        assertThat(other.parameters()).isNotEqualTo(a.parameters());
    }

    @Test
    void resumedRunEqualsUninterrupted() throws Exception {
        Path straight = folder.resolve("straight");
        Path interrupted = folder.resolve("interrupted");
        java.nio.file.Files.createDirectories(straight);
        java.nio.file.Files.createDirectories(interrupted);
        MetaTrainer uninterrupted = trainer(7, 5, MetaTrainerTest::task, straight);
        TrainingState expected = uninterrupted.train(uninterrupted.initialState(), MetaTrainer.SILENT);

        TaskSource failsAtFifthEpisode = index -> {
            if (index == 4) {
                throw new FewShotException("simulated interruption");
            }
            return task(index);
        };
        MetaTrainer first = trainer(7, 5, failsAtFifthEpisode, interrupted);
        assertThatThrownBy(() -> first.train(first.initialState(), MetaTrainer.SILENT)).hasMessage("simulated interruption");
        FewShotCheckpoints.LoadedTraining loaded = FewShotCheckpoints.readTraining(interrupted.resolve(MetaTrainer.CHECKPOINT_FILE), providers());
        assertThat(loaded.state().episodesDone()).isEqualTo(4);
        assertThat(loaded.state().pending().episodes()).as("episode 4 is summed into the open progress interval").isEqualTo(1);
        TrainingState resumed = trainer(7, 5, MetaTrainerTest::task, interrupted).train(loaded.state(), MetaTrainer.SILENT);

        assertThat(resumed.parameters()).isEqualTo(expected.parameters());
        assertThat(resumed.optimizerState()).isEqualTo(expected.optimizerState());
        assertThat(resumed.curve()).isEqualTo(expected.curve());
        assertThat(resumed.bestAccuracy()).isEqualTo(expected.bestAccuracy());
        assertThat(resumed.bestEpisode()).isEqualTo(expected.bestEpisode());
    }

    @Test
    void divergenceStopsAndKeepsLastGoodCheckpoint() throws Exception {
        TaskSource poisoned = index -> {
            FewShotTask task = task(index);
            if (index < 4) {
                return task;
            }
            Tensor nan = Tensor.full(Double.NaN, task.support().shape());
            return new FewShotTask(index, nan, task.supportLabels(), task.query(), task.queryLabels(), task.ways());
        };
        MetaTrainer trainer = trainer(8, 5, poisoned, folder);

        assertThatThrownBy(() -> trainer.train(trainer.initialState(), MetaTrainer.SILENT))
                .isInstanceOfSatisfying(DivergenceException.class, e -> assertThat(e.episode()).isEqualTo(5))
                .hasMessageStartingWith("Meta-training diverged at episode 5: its meta-loss is NaN. Training stopped; the last good "
                        + "checkpoint, " + folder.resolve(MetaTrainer.CHECKPOINT_FILE) + ", is kept;");
        FewShotCheckpoints.LoadedTraining lastGood = FewShotCheckpoints.readTraining(folder.resolve(MetaTrainer.CHECKPOINT_FILE), providers());
        assertThat(lastGood.state().episodesDone()).isEqualTo(4);
        assertThat(lastGood.state().parameters().isFinite()).isTrue();
    }

    @Test
    void bestModelIsTheBestValidated() throws Exception {
        MetaTrainer trainer = trainer(6, 2, MetaTrainerTest::task, folder);

        TrainingState state = trainer.train(trainer.initialState(), MetaTrainer.SILENT);

        FewShotCheckpoints.LoadedModel best = FewShotCheckpoints.readModel(folder.resolve(MetaTrainer.BEST_FILE), providers());
        double bestValidation = state.curve().validation().stream().mapToDouble(LearningCurve.ValidationPoint::accuracy).max().orElseThrow();
        assertThat(state.bestAccuracy()).isEqualTo(bestValidation);
        assertThat(AccuracySummary.of(best.model().accuracies(validation())).mean()).isEqualTo(bestValidation);
        assertThat(best.provenance().get("episodes_done")).isEqualTo(state.bestEpisode());
        assertThat(state.curve().validation()).extracting(LearningCurve.ValidationPoint::episode).containsExactly(0L, 2L, 4L, 6L);
        assertThat(state.curve().training()).extracting(LearningCurve.TrainingPoint::episode).containsExactly(3L, 6L);
    }

    @Test
    void listenerReceivesProgressAndValidations() throws Exception {
        List<MetaTrainer.Progress> progress = new ArrayList<>();
        List<MetaTrainer.Validation> validations = new ArrayList<>();
        MetaTrainer trainer = trainer(6, 2, MetaTrainerTest::task, folder);

        TrainingState state = trainer.train(trainer.initialState(), new MetaTrainer.Listener() {
            @Override
            public void trained(MetaTrainer.Progress report) {
                progress.add(report);
            }

            @Override
            public void validated(MetaTrainer.Validation validation) {
                validations.add(validation);
            }
        });

        assertThat(progress).extracting(MetaTrainer.Progress::episode).containsExactly(3L, 6L);
        assertThat(progress).allSatisfy(report -> assertThat(report.episodes()).isEqualTo(6L));
        for (int index = 0; index < progress.size(); index++) {
            LearningCurve.TrainingPoint point = state.curve().training().get(index);
            assertThat(progress.get(index).metaLoss()).as("meta-loss at episode %d", point.episode()).isEqualTo(point.metaLoss());
            assertThat(progress.get(index).accuracy()).as("accuracy at episode %d", point.episode()).isEqualTo(point.accuracy());
        }
        assertThat(validations).extracting(MetaTrainer.Validation::episode).containsExactly(0L, 2L, 4L, 6L);
        assertThat(validations).extracting(validation -> validation.accuracy().mean())
                .containsExactlyElementsOf(state.curve().validation().stream().map(LearningCurve.ValidationPoint::accuracy).toList());
        MetaTrainer.Validation last = validations.get(validations.size() - 1);
        assertThat(last.bestAccuracy()).isEqualTo(state.bestAccuracy());
        assertThat(last.bestEpisode()).isEqualTo(state.bestEpisode());
    }

    @Test
    void clippingBoundsTheGradientNorm() {
        MetaTrainer trainer = trainer(1, 2, MetaTrainerTest::task, folder);
        MetaTrainer.EpisodeResult result = trainer.episode(trainer.initialState().parameters(), task(0));

        Tensor clipped = MetaTrainer.clip(result.gradient(), result.gradientNorm(), 0.01);

        assertThat(result.gradientNorm()).isGreaterThan(0.01);
        assertThat(Math.sqrt(clipped.square().sum().item())).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(MetaTrainer.clip(result.gradient(), result.gradientNorm(), 1e9)).isSameAs(result.gradient());
    }

    @Test
    void checkpointOfAnotherLearnerShapeIsRejected() throws IOException {
        MetaLearner otherMeta = new MetaLearner(4, new LinearLearner(5, WAYS).parameterCount());
        Tensor otherParameters = otherMeta.initialParameters(new LinearLearner(5, WAYS), new TensorRandom(1));
        Path file = folder.resolve("other.safetensors");
        FewShotCheckpoints.writeModel(file, setup, otherMeta, otherParameters, Map.of());

        assertThatThrownBy(() -> FewShotCheckpoints.readModel(file, providers()))
                .isInstanceOf(l2l.metalearner.checkpoint.CheckpointException.class)
                .hasMessage("Checkpoint " + file + ": tensor 'c0' has 12 learner parameters but linear has 8; the file was written for "
                        + "another learner shape");
    }
}
