package l2l.learners.fewshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.Gradients;
import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.LearnerSpec;
import l2l.metalearner.problem.NormalizationMode;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class ConvNetLearnerTest {

    private static final double STEP = 1e-6;

    private final TensorRandom random = new TensorRandom(21);
    private final ConvNetLearner small = new ConvNetLearner(new int[] {1, 6, 6}, 3, 2, 2, 1e-3);

    @Test
    void standardNetworkLayout() {
        ConvNetLearner standard = new ConvNetLearner(new int[] {1, 28, 28}, 5, 4, 32, 1e-3);

        assertThat(standard.parameterCount()).isEqualTo(28485);
        assertThat(standard.features()).isEqualTo(32);
        assertThat(standard.layout().blocks()).extracting(block -> block.name()).containsExactly(
                "block0.conv.weight", "block0.conv.bias", "block0.bn.weight", "block0.bn.bias",
                "block1.conv.weight", "block1.conv.bias", "block1.bn.weight", "block1.bn.bias",
                "block2.conv.weight", "block2.conv.bias", "block2.bn.weight", "block2.bn.bias",
                "block3.conv.weight", "block3.conv.bias", "block3.bn.weight", "block3.bn.bias", "fc.weight", "fc.bias");
        assertThat(standard.layout().block("block1.conv.weight").shape()).containsExactly(32, 32, 3, 3);
        assertThat(standard.layout().block("fc.weight").shape()).containsExactly(5, 32);
        assertThat(new ConvNetLearner(new int[] {3, 84, 84}, 5, 4, 32, 1e-3).features()).isEqualTo(32 * 5 * 5);
    }

    @Test
    void initialisationAsPyTorchDefaults() {
        ConvNetLearner standard = new ConvNetLearner(new int[] {1, 28, 28}, 5, 4, 32, 1e-3);

        Map<String, Tensor> parts = standard.layout().split(standard.initialParameters(new TensorRandom(1)));

        assertThat(parts.get("block0.bn.weight")).isEqualTo(Tensor.ones(32));
        assertThat(parts.get("block2.bn.bias")).isEqualTo(Tensor.zeros(32));
        double convBound = 1 / Math.sqrt(32 * 9);
        assertThat(parts.get("block1.conv.weight").abs().flatten().max(0, false).item()).isLessThanOrEqualTo(convBound)
                .isGreaterThan(0.9 * convBound);
        assertThat(parts.get("block0.conv.bias").abs().max(0, false).item()).isLessThanOrEqualTo(1 / 3.0);
        assertThat(parts.get("fc.weight").abs().flatten().max(0, false).item()).isLessThanOrEqualTo(1 / Math.sqrt(32));
    }

    /** Checks the gradient of the loss in {@code mode} against central finite differences, coordinate by coordinate. */
    private void checkGradients(NormalizationMode mode, RunningStatistics statistics) {
        Tensor inputs = random.uniform(0, 1, 4, 1, 6, 6);
        int[] labels = {0, 2, 1, 2};
        Tensor parameters = small.initialParameters(random).add(random.normal(0, 0.05, small.parameterCount()));
        Variable variable = Variable.parameter(parameters);
        Tensor analytic = Gradients.of(small.loss(variable, inputs, labels, mode, statistics), List.of(variable), false).get(0).value();

        double[] values = parameters.toArray();
        double[] numeric = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double original = values[i];
            values[i] = original + STEP;
            double plus = small.loss(Variable.constant(Tensor.vector(values)), inputs, labels, mode, statistics).value().item();
            values[i] = original - STEP;
            double minus = small.loss(Variable.constant(Tensor.vector(values)), inputs, labels, mode, statistics).value().item();
            values[i] = original;
            numeric[i] = (plus - minus) / (2 * STEP);
        }
        assertThat(new Tolerance(1e-6, 1e-4).mismatch(analytic, Tensor.vector(numeric))).as("mode %s", mode).isEmpty();
    }

    @Test
    void gradientsMatchFiniteDifferencesWithBatchStatistics() {
        checkGradients(NormalizationMode.BATCH, null);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithRunningStatistics() {
        RunningStatistics statistics = new RunningStatistics(0.5);
        small.logits(Variable.constant(small.initialParameters(random)), random.uniform(0, 1, 5, 1, 6, 6), NormalizationMode.BATCH_AND_TRACK,
                statistics);
        checkGradients(NormalizationMode.RUNNING, statistics);
    }

    @Test
    void trackingUpdatesRunningStatisticsWithMomentum() {
        Tensor parameters = small.initialParameters(random);
        Tensor inputs = random.uniform(0, 1, 5, 1, 6, 6);
        RunningStatistics statistics = new RunningStatistics(0.25);

        small.logits(Variable.constant(parameters), inputs, NormalizationMode.BATCH_AND_TRACK, statistics);

        Tensor convolved = NeuralOps.conv2d(Variable.constant(inputs), Variable.constant(small.layout().view(parameters, "block0.conv.weight")),
                Variable.constant(small.layout().view(parameters, "block0.conv.bias")), 1, 1).value();
        Tensor mean = convolved.sumTo(1, 2, 1, 1).div(5 * 36).reshape(2);
        Tensor unbiased = convolved.sub(mean.reshape(1, 2, 1, 1)).square().sumTo(1, 2, 1, 1).div(5 * 36 - 1).reshape(2);
        Tolerance tight = new Tolerance(1e-12, 1e-10);
        assertThat(statistics.layers()).containsExactly("block0.bn", "block1.bn");
        assertThat(tight.mismatch(statistics.mean("block0.bn"), mean.mul(0.25))).isEmpty();
        assertThat(tight.mismatch(statistics.variance("block0.bn"), unbiased.mul(0.25).add(0.75))).isEmpty();
    }

    @Test
    void supportStatisticsGiveOtherLogitsThanBatchStatistics() {
        Tensor parameters = small.initialParameters(random);
        Tensor support = random.uniform(0, 1, 3, 1, 6, 6);
        Tensor query = random.uniform(0, 0.5, 6, 1, 6, 6);
        RunningStatistics statistics = new RunningStatistics(1.0);
        small.logits(Variable.constant(parameters), support, NormalizationMode.BATCH_AND_TRACK, statistics);

        Tensor withSupport = small.logits(Variable.constant(parameters), query, NormalizationMode.RUNNING, statistics).value();
        Tensor withBatch = small.logits(Variable.constant(parameters), query, NormalizationMode.BATCH, statistics).value();
        Tensor plain = small.logits(Variable.constant(parameters), query).value();
        Tensor supportOnItself = small.logits(Variable.constant(parameters), support, NormalizationMode.RUNNING, statistics).value();
        Tensor supportBatch = small.logits(Variable.constant(parameters), support, NormalizationMode.BATCH, null).value();

        assertThat(new Tolerance(1e-3, 0).mismatch(withSupport, withBatch)).isPresent();
        assertThat(withBatch).isEqualTo(plain);
        assertThat(new Tolerance(1e-9, 1e-6).mismatch(supportOnItself, supportBatch))
                .as("momentum 1 keeps the support batch's statistics, up to the unbiased variance and eps").isPresent();
    }

    @Test
    void freshStatisticsPerEpisodeMakeEpisodesIndependent() {
        Tensor parameters = small.initialParameters(random);
        Tensor first = random.uniform(0, 1, 3, 1, 6, 6);
        Tensor second = random.uniform(0, 1, 3, 1, 6, 6);
        RunningStatistics shared = new RunningStatistics(0.5);
        small.logits(Variable.constant(parameters), first, NormalizationMode.BATCH_AND_TRACK, shared);
        small.logits(Variable.constant(parameters), second, NormalizationMode.BATCH_AND_TRACK, shared);
        RunningStatistics fresh = new RunningStatistics(0.5);
        small.logits(Variable.constant(parameters), second, NormalizationMode.BATCH_AND_TRACK, fresh);

        assertThat(shared.mean("block1.bn")).isNotEqualTo(fresh.mean("block1.bn"));
        assertThatThrownBy(() -> new RunningStatistics(0.5).mean("block0.bn"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("RunningStatistics: no statistics of layer 'block0.bn' were tracked in this episode");
    }

    @Test
    void badInputsAreRejected() {
        Variable parameters = Variable.constant(small.initialParameters(random));

        assertThatThrownBy(() -> small.logits(parameters, Tensor.zeros(2, 1, 7, 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv4: expected inputs [B, 1, 6, 6], got [2, 1, 7, 7]");
        assertThatThrownBy(() -> new ConvNetLearner(new int[] {1, 28, 28}, 5, 5, 32, 1e-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv4: images of 28x28 pixels are too small for 5 blocks, because each block halves the side; "
                        + "use at most 4 blocks or larger images");
        assertThatThrownBy(() -> small.logits(parameters, Tensor.zeros(2, 1, 6, 6), NormalizationMode.RUNNING, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv4: normalisation mode RUNNING needs the episode's running statistics, got null");
    }

    @Test
    void providerReadsOptions() {
        ConvNetProvider provider = new ConvNetProvider();

        ConvNetLearner learner = (ConvNetLearner) provider.create(new LearnerSpec(new int[] {1, 28, 28}, 20,
                Map.of("filters", "16", "blocks", "3", "bn-eps", "1e-5")));

        assertThat(learner.filters()).isEqualTo(16);
        assertThat(learner.blocks()).isEqualTo(3);
        assertThat(learner.bnEps()).isEqualTo(1e-5);
        assertThat(learner.classes()).isEqualTo(20);
        assertThatThrownBy(() -> provider.create(new LearnerSpec(new int[] {1, 28, 28}, 5, Map.of("width", "3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown option 'width' of learner conv4; it takes [blocks, filters, bn-eps]");
        assertThatThrownBy(() -> provider.create(new LearnerSpec(new int[] {1, 28, 28}, 5, Map.of("bn-eps", "-1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Learner option bn-eps=-1 is invalid; expected a positive number");
    }
}
