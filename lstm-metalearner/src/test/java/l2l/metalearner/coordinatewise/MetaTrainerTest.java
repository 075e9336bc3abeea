package l2l.metalearner.coordinatewise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.autodiff.Variable;
import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class MetaTrainerTest {

    private static final LstmOptimizerConfig CONFIG = new LstmOptimizerConfig(4, true, 10, 0.1);
    private static final long TRAINING_SEED = 11;

    @TempDir
    Path folder;

    private static MetaTrainingSettings settings(int iterations) {
        return new MetaTrainingSettings(iterations, 5, 10, 0.01, 0.01, 0, 2, TRAINING_SEED);
    }

    private MetaTrainer.Result train(ScaledSquares family, int iterations, Path out, List<MetaTrainer.Validation> history) throws Exception {
        Problem validation = new ScaledSquares(4, 3).sample(99, 10);
        MetaTrainer trainer = new MetaTrainer(settings(iterations), family, validation, out, Map.of("seed", 1));
        return trainer.train(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)), history::add);
    }

    /** Returns the seed of the n-th training problem (from 1), as the trainer draws it. */
    private static long problemSeed(int n) {
        TensorRandom random = new TensorRandom(TRAINING_SEED);
        long seed = 0;
        for (int k = 0; k < n; k++) {
            seed = random.nextLong();
        }
        return seed;
    }

    @Test
    void trainingLowersValidationLoss() throws Exception {
        List<MetaTrainer.Validation> history = new ArrayList<>();

        MetaTrainer.Result result = train(new ScaledSquares(8, 3), 60, folder, history);

        assertThat(history).hasSize(1 + 15);
        assertThat(history.get(0).iterations()).isZero();
        assertThat(history.get(history.size() - 1).iterations()).isEqualTo(60);
        assertThat(result.bestLoss()).isLessThan(0.8 * history.get(0).loss());
        assertThat(result.bestLoss()).isEqualTo(history.stream().mapToDouble(MetaTrainer.Validation::loss).min().orElseThrow());
    }

    @Test
    void listenerReceivesEveryIterationAndBestSoFar() throws Exception {
        List<MetaTrainer.Progress> progress = new ArrayList<>();
        List<MetaTrainer.Validation> validations = new ArrayList<>();
        MetaTrainer.Listener listener = new MetaTrainer.Listener() {
            @Override
            public void validated(MetaTrainer.Validation validation) {
                validations.add(validation);
            }

            @Override
            public void iterated(MetaTrainer.Progress report) {
                progress.add(report);
            }
        };
        Problem validation = new ScaledSquares(4, 3).sample(99, 10);
        MetaTrainer trainer = new MetaTrainer(settings(12), new ScaledSquares(8, 3), validation, folder, Map.of());

        MetaTrainer.Result result = trainer.train(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)), listener);

        assertThat(progress).extracting(MetaTrainer.Progress::iterations).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(progress).allSatisfy(report -> assertThat(report.totalIterations()).isEqualTo(12));
        assertThat(progress).extracting(MetaTrainer.Progress::problems).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6);
        assertThat(progress.get(0).learningRate()).isEqualTo(0.01);
        assertThat(progress.get(11).trainingSeconds()).isGreaterThan(0).isGreaterThanOrEqualTo(progress.get(0).trainingSeconds());
        assertThat(validations).isEqualTo(result.history());
        double best = Double.POSITIVE_INFINITY;
        int bestIteration = -1;
        for (MetaTrainer.Validation record : validations) {
            if (record.loss() < best) {
                best = record.loss();
                bestIteration = record.iterations();
            }
            assertThat(record.bestLoss()).as("best loss at %d meta-iterations", record.iterations()).isEqualTo(best);
            assertThat(record.bestIteration()).as("best iteration at %d meta-iterations", record.iterations()).isEqualTo(bestIteration);
        }
        assertThat(validations.get(0).best()).isTrue();
        assertThat(result.bestLoss()).isEqualTo(best);
    }

    @Test
    void checkpointsHoldBestAndLastWeights() throws Exception {
        MetaTrainer.Result result = train(new ScaledSquares(8, 3), 20, folder, new ArrayList<>());

        LstmOptimizerCheckpoints.Saved best = LstmOptimizerCheckpoints.read(folder.resolve(MetaTrainer.BEST_CHECKPOINT));
        LstmOptimizerCheckpoints.Saved last = LstmOptimizerCheckpoints.read(folder.resolve(MetaTrainer.LAST_CHECKPOINT));

        assertThat(best.weights()).isEqualTo(result.best());
        assertThat(last.weights()).isEqualTo(result.last());
        assertThat(best.provenance()).containsEntry("seed", 1L).containsEntry("unroll", 5L).containsEntry("horizon", 10L)
                .containsEntry("meta_iterations", (long) result.bestIteration()).containsEntry("best_validation_loss", result.bestLoss());
        assertThat(last.provenance()).containsEntry("meta_iterations", 20L);
    }

    @Test
    void weightAverageMatchesHandComputation() throws Exception {
        // With a constant meta-learning rate, a run of j meta-iterations ends at the j-th weights
        // of every longer run, so runs of 1 to 4 meta-iterations give the path the average follows.
        LstmOptimizerWeights initial = LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1));
        Problem validation = new ScaledSquares(4, 3).sample(99, 10);
        Tensor expected = initial.flatten();
        for (int iterations = 1; iterations <= 4; iterations++) {
            Path out = Files.createDirectory(folder.resolve("plain-" + iterations));
            LstmOptimizerWeights latest = new MetaTrainer(settings(iterations), new ScaledSquares(8, 3), validation, out, Map.of())
                    .train(initial, ignored -> { }).last();
            expected = expected.mul(0.75).add(latest.flatten().mul(1 - 0.75));
        }
        MetaTrainingSettings averaged = new MetaTrainingSettings(4, 5, 10, 0.01, 0.01, 0, 2, TRAINING_SEED, MetaLoss.SUM, 10, null, 0.75);
        Path out = Files.createDirectory(folder.resolve("averaged"));
        List<MetaTrainer.Validation> history = new ArrayList<>();
        MetaTrainer.Result result = new MetaTrainer(averaged, new ScaledSquares(8, 3), validation, out, Map.of()).train(initial, history::add);

        assertThat(result.last()).isEqualTo(LstmOptimizerWeights.fromFlat(CONFIG, expected));
        LstmOptimizerCheckpoints.Saved last = LstmOptimizerCheckpoints.read(out.resolve(MetaTrainer.LAST_CHECKPOINT));
        assertThat(last.weights()).isEqualTo(result.last());
        assertThat(last.provenance()).containsEntry("ema_decay", 0.75);
        double averageLoss = OptimizerRun.run(new LearnedOptimizer(result.last()), validation, 10).mean(10);
        assertThat(history.get(history.size() - 1).finalLoss()).isEqualTo(averageLoss);
    }

    @Test
    void sameSeedGivesIdenticalWeights() throws Exception {
        MetaTrainer.Result first = train(new ScaledSquares(8, 3), 12, Files.createDirectory(folder.resolve("a")), new ArrayList<>());
        MetaTrainer.Result second = train(new ScaledSquares(8, 3), 12, Files.createDirectory(folder.resolve("b")), new ArrayList<>());

        assertThat(second.last()).isEqualTo(first.last());
        assertThat(second.last()).isNotEqualTo(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)));
        assertThat(Files.readAllBytes(folder.resolve("b").resolve(MetaTrainer.LAST_CHECKPOINT)))
                .isEqualTo(Files.readAllBytes(folder.resolve("a").resolve(MetaTrainer.LAST_CHECKPOINT)));
    }

    @Test
    void nonFiniteLossStopsAndKeepsCheckpoints() throws Exception {
        // The third training problem turns NaN at step 7, in the second unroll of that problem:
        // meta-iteration 6, after validations at iterations 0 and 4.
        ScaledSquares family = new ScaledSquares(8, 3, problemSeed(3), 7);
        List<MetaTrainer.Validation> history = new ArrayList<>();

        assertThatThrownBy(() -> train(family, 20, folder, history))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageStartingWith("Meta-training stopped at meta-iteration 6: on training problem 3 (seed " + problemSeed(3) + "), "
                        + "the loss of problem 7 of the batch is NaN at step 7. The last good checkpoints are kept: "
                        + folder.resolve(MetaTrainer.BEST_CHECKPOINT))
                .satisfies(e -> {
                    assertThat(((NonFiniteLossException) e).step()).isEqualTo(7);
                    assertThat(((NonFiniteLossException) e).batchIndex()).isEqualTo(7);
                });

        assertThat(history).extracting(MetaTrainer.Validation::iterations).containsExactly(0, 4);
        LstmOptimizerCheckpoints.Saved last = LstmOptimizerCheckpoints.read(folder.resolve(MetaTrainer.LAST_CHECKPOINT));
        assertThat(last.provenance()).containsEntry("meta_iterations", 4L);
        assertThat(last.weights().flatten().isFinite()).isTrue();
        assertThat(LstmOptimizerCheckpoints.read(folder.resolve(MetaTrainer.BEST_CHECKPOINT)).weights().flatten().isFinite()).isTrue();
    }

    @Test
    void settingsRejectInvalidValues() {
        assertThatThrownBy(() -> new MetaTrainingSettings(0, 20, 100, 1e-3, 1e-3, 0, 10, 1))
                .hasMessage("Meta-training: the number of meta-iterations must be at least 1, got 0");
        assertThatThrownBy(() -> new MetaTrainingSettings(10, 20, 10, 1e-3, 1e-3, 0, 10, 1))
                .hasMessage("Meta-training: the horizon (10 steps) must be at least the unroll (20 steps)");
        assertThatThrownBy(() -> new MetaTrainingSettings(10, 20, 100, -1, 1e-3, 0, 10, 1))
                .hasMessageContaining("meta-learning rate must be a positive finite number, got -1.0");
        assertThatThrownBy(() -> new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-2, 0, 10, 1))
                .hasMessage("Meta-training: the final meta-learning rate 0.01 is larger than the initial one, 0.001, but the schedule is "
                        + "a cosine decay; give a final rate of at most the initial one");
        assertThatThrownBy(() -> new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1, MetaLoss.SUM, 0))
                .hasMessage("Meta-training: the validation horizon must be from 1 to " + OptimizerRun.MAX_STEPS + " steps, got 0");
        assertThatThrownBy(() -> new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1, MetaLoss.SUM, OptimizerRun.MAX_STEPS + 1))
                .hasMessageStartingWith("Meta-training: the validation horizon must be from 1 to");
        for (double decay : new double[] {-0.1, 1, Double.NaN}) {
            assertThatThrownBy(() -> new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1, MetaLoss.SUM, 100, null, decay))
                    .hasMessage("Meta-training: the decay of the weight average must be at least 0 (off) and below 1, got " + decay);
        }
        assertThat(new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1).emaDecay()).isZero();
        assertThat(new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1).validationHorizon()).isEqualTo(100);
        assertThat(new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1).iterationsPerProblem()).isEqualTo(5);
        assertThat(new MetaTrainingSettings(10, 30, 100, 1e-3, 1e-3, 0, 10, 1).iterationsPerProblem()).isEqualTo(4);
    }

    @Test
    void learningRateFollowsCosine() {
        MetaTrainingSettings constant = new MetaTrainingSettings(5, 20, 100, 1e-3, 1e-3, 0, 10, 1);
        MetaTrainingSettings decaying = new MetaTrainingSettings(5, 20, 100, 1e-2, 1e-4, 0, 10, 1);

        assertThat(constant.learningRate(3)).isEqualTo(1e-3);
        assertThat(decaying.learningRate(1)).isEqualTo(1e-2);
        assertThat(decaying.learningRate(3)).isCloseTo((1e-2 + 1e-4) / 2, offset(1e-15));
        assertThat(decaying.learningRate(5)).isCloseTo(1e-4, offset(1e-15));
        assertThat(decaying.learningRate(2)).isCloseTo(1e-4 + (1e-2 - 1e-4) * (1 + Math.cos(Math.PI / 4)) / 2, offset(1e-15));
    }

    @Test
    void logMetaLossValidationScore() throws Exception {
        Problem validation = new ScaledSquares(4, 3).sample(99, 10);
        MetaTrainingSettings settings = new MetaTrainingSettings(4, 5, 10, 0.01, 0.01, 0, 2, TRAINING_SEED, MetaLoss.LOG);
        LstmOptimizerWeights initial = LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1));
        List<MetaTrainer.Validation> history = new ArrayList<>();

        MetaTrainer.Result result = new MetaTrainer(settings, new ScaledSquares(8, 3), validation, folder, Map.of()).train(initial,
                history::add);

        OptimizerRun.Curve curve = OptimizerRun.run(new LearnedOptimizer(initial), validation, 10);
        double expected = 0;
        for (int step = 1; step <= 10; step++) {
            expected += Math.log(curve.mean(step)) / 10;
        }
        assertThat(history.get(0).loss()).isCloseTo(expected, offset(1e-12));
        assertThat(history.get(0).finalLoss()).isEqualTo(curve.mean(10));
        assertThat(result.last()).isNotEqualTo(initial);
        assertThat(LstmOptimizerCheckpoints.read(folder.resolve(MetaTrainer.LAST_CHECKPOINT)).provenance())
                .containsEntry("meta_loss", "log");
        assertThat(MetaLoss.fromLabel("LOG")).isEqualTo(MetaLoss.LOG);
        assertThatThrownBy(() -> MetaLoss.fromLabel("mean")).hasMessage("Unknown meta-loss 'mean'; use sum or log");
    }

    @Test
    void validationRunsForTheValidationHorizon() throws Exception {
        Problem validation = new ScaledSquares(4, 3).sample(99, 25);
        MetaTrainingSettings settings = new MetaTrainingSettings(4, 5, 10, 0.01, 0.01, 0, 2, TRAINING_SEED, MetaLoss.SUM, 25);
        LstmOptimizerWeights initial = LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1));
        List<MetaTrainer.Validation> history = new ArrayList<>();

        MetaTrainer.Result result = new MetaTrainer(settings, new ScaledSquares(8, 3), validation, folder, Map.of()).train(initial,
                history::add);

        OptimizerRun.Curve curve = OptimizerRun.run(new LearnedOptimizer(initial), validation, 25);
        double expected = 0;
        for (int step = 1; step <= 25; step++) {
            expected += curve.mean(step) / 25;
        }
        assertThat(history.get(0).loss()).isCloseTo(expected, offset(1e-12));
        assertThat(history.get(0).finalLoss()).isEqualTo(curve.mean(25));
        assertThat(curve.mean(25)).isNotEqualTo(curve.mean(10));
        OptimizerRun.Curve trained = OptimizerRun.run(new LearnedOptimizer(result.last()), validation, 25);
        assertThat(history.get(history.size() - 1).finalLoss()).isEqualTo(trained.mean(25));
        assertThat(LstmOptimizerCheckpoints.read(folder.resolve(MetaTrainer.LAST_CHECKPOINT)).provenance())
                .containsEntry("horizon", 10L).containsEntry("validation_horizon", 25L);
    }

    /** Returns a problem of two coordinates whose loss is {@code value} at every step. */
    private static Problem constantLoss(double value) {
        return new Problem() {
            @Override
            public Tensor initialParameters() {
                return Tensor.vector(new double[] {0, 0});
            }

            @Override
            public int problemCount() {
                return 1;
            }

            @Override
            public Variable losses(Variable parameters, int step) {
                return parameters.square().sum(0, true).mul(0).add(value);
            }
        };
    }

    @Test
    void logMetaLossRejectsZeroLoss() {
        Problem solved = constantLoss(0);
        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)));

        assertThatThrownBy(() -> Unroll.run(network, solved, solved.initialParameters(), network.initialState(2), 0, 3, MetaLoss.LOG))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessage("the log meta-loss needs positive losses, but the mean loss at step 1 is 0.0; "
                        + "use the sum meta-loss for this problem family");
    }

    @Test
    void logMetaLossRejectsZeroValidationLoss() {
        MetaTrainingSettings settings = new MetaTrainingSettings(4, 5, 10, 0.01, 0.01, 0, 2, TRAINING_SEED, MetaLoss.LOG);
        MetaTrainer trainer = new MetaTrainer(settings, new ScaledSquares(8, 3), constantLoss(0), folder, Map.of());

        assertThatThrownBy(() -> trainer.train(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)), validation -> { }))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageStartingWith("Meta-training stopped at the validation after 0 meta-iterations: the log meta-loss needs positive "
                        + "losses, but the mean validation loss at step 1 is 0.0");
    }

    @Test
    void stopWithoutFiniteValidationWarns() {
        ScaledSquares family = new ScaledSquares(8, 3, problemSeed(1), 1);
        MetaTrainer trainer = new MetaTrainer(settings(4), family, constantLoss(Double.POSITIVE_INFINITY), folder, Map.of());

        assertThatThrownBy(() -> trainer.train(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)), validation -> { }))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("no validation so far had a finite loss (best Infinity), so none of them is a good optimizer")
                .hasMessageNotContaining("last good checkpoints");
    }

    @Test
    void relativeScoreIsLargestRatio() throws Exception {
        Problem validation = new ScaledSquares(4, 3).sample(99, 12);
        RelativeValidation relative = new RelativeValidation("sgd", 0.1, List.of(2, 5, 12));
        MetaTrainingSettings settings = new MetaTrainingSettings(4, 5, 10, 0.01, 0.01, 0, 2, TRAINING_SEED, MetaLoss.SUM, 12, null, 0,
                relative);
        LstmOptimizerWeights initial = LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1));
        List<MetaTrainer.Validation> history = new ArrayList<>();

        MetaTrainer.Result result = new MetaTrainer(settings, new ScaledSquares(8, 3), validation, folder, Map.of()).train(initial,
                history::add);

        OptimizerRun.Curve baseline = OptimizerRun.run(HandDesignedOptimizers.create("sgd", 0.1), validation, 12);
        OptimizerRun.Curve before = OptimizerRun.run(new LearnedOptimizer(initial), validation, 12);
        OptimizerRun.Curve after = OptimizerRun.run(new LearnedOptimizer(result.last()), validation, 12);
        assertThat(history.get(0).loss()).isEqualTo(largestRatio(before, baseline, 2, 5, 12));
        assertThat(history.get(0).ratios()).containsExactly(before.mean(2) / baseline.mean(2), before.mean(5) / baseline.mean(5),
                before.mean(12) / baseline.mean(12));
        assertThat(history.get(history.size() - 1).loss()).isEqualTo(largestRatio(after, baseline, 2, 5, 12));
        assertThat(history.get(0).loss()).isNotEqualTo(history.get(history.size() - 1).loss());
        assertThat(result.bestLoss()).isEqualTo(history.stream().mapToDouble(MetaTrainer.Validation::loss).min().orElseThrow());
        assertThat(LstmOptimizerCheckpoints.read(folder.resolve(MetaTrainer.BEST_CHECKPOINT)).provenance())
                .containsEntry("validated_against", Map.of("optimizer", "sgd", "learning_rate", 0.1, "steps", List.of(2L, 5L, 12L),
                        "baseline_losses", List.of(baseline.mean(2), baseline.mean(5), baseline.mean(12))));
    }

    private static double largestRatio(OptimizerRun.Curve curve, OptimizerRun.Curve baseline, int... steps) {
        double largest = 0;
        for (int step : steps) {
            largest = Math.max(largest, curve.mean(step) / baseline.mean(step));
        }
        return largest;
    }

    @Test
    void baselineWithoutPositiveLossRejected() {
        RelativeValidation relative = new RelativeValidation("nag", 0.5, List.of(3));
        MetaTrainingSettings settings = new MetaTrainingSettings(4, 5, 10, 0.01, 0.01, 0, 2, TRAINING_SEED, MetaLoss.SUM, 10, null, 0,
                relative);
        MetaTrainer trainer = new MetaTrainer(settings, new ScaledSquares(8, 3), constantLoss(0), folder, Map.of());

        assertThatThrownBy(() -> trainer.train(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)), validation -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Validation against nag:0.5: its mean validation loss at step 3 is 0.0, but a ratio needs a positive finite "
                        + "loss; give a learning rate tuned on the problem family (l2l compare prints one), or another baseline");
        assertThat(folder.resolve(MetaTrainer.BEST_CHECKPOINT)).doesNotExist();
        assertThatThrownBy(() -> new MetaTrainer(settings(4), new ScaledSquares(8, 3), constantLoss(1), folder, Map.of()).baselineLosses())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void relativeStepsWithinValidationHorizon() {
        RelativeValidation relative = new RelativeValidation("nag", 1, List.of(20, 100, 200));

        assertThatThrownBy(() -> new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1, MetaLoss.SUM, 100, null, 0, relative))
                .hasMessage("Meta-training: validation against nag:1.0 compares at step 200, beyond the validation horizon of 100 steps; "
                        + "compare at earlier steps or lengthen the validation horizon");
        assertThat(new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1, MetaLoss.SUM, 200, null, 0, relative).relativeValidation())
                .isEqualTo(relative);
        assertThat(new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1, MetaLoss.LOG, 200, null, 0, relative).validationMetricName())
                .isEqualTo("validation ratio to nag:1.0");
        assertThat(new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1, MetaLoss.LOG).validationMetricName())
                .isEqualTo("validation log-loss");
        assertThat(new MetaTrainingSettings(10, 20, 100, 1e-3, 1e-3, 0, 10, 1).validationMetricName()).isEqualTo("validation loss");
    }
}
