package l2l.metalearner.fewshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.problem.LearnerProviders;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

/** The pieces of evaluation: accuracy summaries, the baselines, the model and its configuration. */
class EvaluationTest {

    @Test
    void summaryHasMeanAndConfidenceInterval() {
        AccuracySummary summary = AccuracySummary.of(new double[] {0.8, 1.0, 0.9, 0.7});

        // mean 0.85; sample standard deviation sqrt(0.05 / 3); 1.96 of it over sqrt(4)
        assertThat(summary.mean()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(summary.ci95()).isCloseTo(1.96 * Math.sqrt(0.05 / 3) / 2, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(summary.episodes()).isEqualTo(4);
        assertThat(summary).hasToString("85.00 +- 12.65% (4 episodes)");
        assertThat(AccuracySummary.of(new double[] {0.5}).ci95()).isZero();
        assertThat(AccuracySummary.of(new double[] {0.8})).hasToString("80.00% (1 episode, no interval)");
        assertThatThrownBy(() -> AccuracySummary.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pixelNearestNeighbourTakesClosestSupportLabel() {
        Tensor support = Tensor.matrix(new double[][] {{0, 0}, {10, 0}, {0, 10}});
        Tensor query = Tensor.matrix(new double[][] {{1, 1}, {9, 2}, {2, 9}, {6, 0}});
        FewShotTask task = new FewShotTask(0, support, new int[] {2, 0, 1}, query, new int[] {2, 0, 1, 2}, 3);

        assertThat(PixelNearestNeighbour.predict(task)).containsExactly(2, 0, 1, 0);
        assertThat(PixelNearestNeighbour.accuracy(task)).isEqualTo(0.75);
    }

    @Test
    void fineTuningTakesOptimizerSteps() {
        LinearLearner learner = new LinearLearner(3, 2);
        FewShotTask task = LinearLearner.task(0, 3, 2, 4, new TensorRandom(3));
        Tensor start = learner.initialParameters(new TensorRandom(5));
        FineTuning sgd = new FineTuning(learner, start, "sgd", 0.5, 1, 0.95, QueryStatistics.SUPPORT);

        Variable parameters = Variable.parameter(start);
        Tensor gradient = Gradients.of(learner.loss(parameters, task.support(), task.supportLabels()), List.of(parameters), false).get(0).value();
        Tensor expected = learner.logits(Variable.constant(start.sub(gradient.mul(0.5))), task.query()).value();

        assertThat(new Tolerance(1e-14, 1e-12).mismatch(sgd.queryLogits(task), expected)).isEmpty();
    }

    @Test
    void tuningPicksBestRate() {
        LinearLearner learner = new LinearLearner(3, 2);
        List<FewShotTask> tasks = List.of(LinearLearner.task(0, 3, 2, 4, new TensorRandom(3)), LinearLearner.task(1, 3, 2, 4, new TensorRandom(4)));
        FineTuning base = new FineTuning(learner, learner.initialParameters(new TensorRandom(8)), "sgd", 0.1, 5, 0.95,
                QueryStatistics.SUPPORT);

        FineTuning.Tuned tuned = base.tune(new double[] {1e-6, 1}, tasks);

        assertThat(tuned.tried()).hasSize(2);
        assertThat(tuned.tried().get(1)[1]).isGreaterThan(tuned.tried().get(0)[1]);
        assertThat(tuned.best().learningRate()).isEqualTo(1);
        assertThat(tuned.validationAccuracy()).isEqualTo(tuned.tried().get(1)[1]);
        assertThat(tuned.describeTried(Double::toString)).matches("1\\.0E-6: \\d+\\.\\d%, 1\\.0: \\d+\\.\\d%");
    }

    @Test
    void divergedFineTuningPredictsFirstClass() {
        LinearLearner learner = new LinearLearner(3, 2);
        FewShotTask task = LinearLearner.task(0, 3, 2, 4, new TensorRandom(3));
        FewShotTask poisoned = new FewShotTask(0, Tensor.full(Double.NaN, task.support().shape()), task.supportLabels(), task.query(),
                task.queryLabels(), 2);
        FineTuning sgd = new FineTuning(learner, learner.initialParameters(new TensorRandom(8)), "sgd", 0.1, 3, 0.95,
                QueryStatistics.SUPPORT);

        assertThat(sgd.accuracy(poisoned)).as("half the queries are of class 0").isEqualTo(0.5);
        assertThatThrownBy(() -> sgd.queryLogits(poisoned)).isInstanceOf(ArithmeticException.class)
                .hasMessage("fine-tuning: the parameters are not finite after step 1");
    }

    @Test
    void widerModelSpreadsHeadRows() {
        LinearLearner learner = new LinearLearner(3, 2);
        FewShotSetup setup = new FewShotSetup("linear", Map.of(), new int[] {3}, 2, 1, 2, 4, 2, 10, GradientOrder.FIRST, 0.95,
                QueryStatistics.SUPPORT);
        MetaLearner meta = new MetaLearner(4, learner.parameterCount());
        FewShotModel model = new FewShotModel(setup, learner, meta.initialParameters(learner, new TensorRandom(1)));

        FewShotModel wider = model.withWays(5, LearnerProviders.of(List.of(new LinearLearnerProvider())));

        assertThat(wider.setup().ways()).isEqualTo(5);
        assertThat(wider.learner().parameterCount()).isEqualTo(5 * 3 + 5);
        assertThat(wider.metaLearner().layout().view(wider.parameters(), "WF")).isEqualTo(meta.layout().view(model.parameters(), "WF"));
        Tensor head = wider.learner().layout().view(wider.initialLearnerParameters(), "bias");
        Tensor learned = learner.layout().view(model.initialLearnerParameters(), "bias");
        assertThat(head).isEqualTo(Tensor.full((learned.getFlat(0) + learned.getFlat(1)) / 2, 5));
        double accuracy = wider.accuracy(LinearLearner.task(0, 3, 5, 2, new TensorRandom(9)));
        assertThat(accuracy).isBetween(0.0, 1.0);
        assertThatThrownBy(() -> model.accuracy(LinearLearner.task(0, 3, 5, 2, new TensorRandom(9))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FewShotModel: the model classifies 2 classes but the task has 5; use withWays(5, providers)");
    }

    @Test
    void setupRoundTripsThroughJson() throws CheckpointException {
        FewShotSetup setup = new FewShotSetup("conv4", Map.of("filters", "16"), new int[] {1, 28, 28}, 5, 5, 15, 20, 8, 10,
                GradientOrder.SECOND, 0.95, QueryStatistics.BATCH);

        FewShotSetup read = FewShotSetup.fromJson(Path.of("config.json"), reparse(setup.toJson()));

        assertThat(read).isEqualTo(setup);
        assertThat(setup.toJson().get("gradient_order")).isEqualTo("second");
        assertThat(setup).hasToString("conv4 {filters=16} [1, 28, 28], 5-way 5-shot, 15 queries, T = 8, second order");
        Map<String, Object> broken = new java.util.LinkedHashMap<>(setup.toJson());
        broken.remove("steps");
        assertThatThrownBy(() -> FewShotSetup.fromJson(Path.of("config.json"), broken))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint config.json: configuration field 'steps' is missing. The checkpoint's metadata is damaged or "
                        + "was edited; use another checkpoint of the run, or train again");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reparse(Map<String, Object> json) {
        return (Map<String, Object>) l2l.tensor.io.Json.parse(l2l.tensor.io.Json.write(json));
    }
}
