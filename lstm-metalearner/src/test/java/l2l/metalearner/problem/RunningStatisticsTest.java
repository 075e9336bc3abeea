package l2l.metalearner.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.Tolerance;

class RunningStatisticsTest {

    private static final Tolerance TIGHT = new Tolerance(1e-15, 1e-14);

    @Test
    void updatesStartFromResetValues() {
        RunningStatistics statistics = new RunningStatistics(0.25);

        statistics.update("bn", Tensor.vector(2, -4), Tensor.vector(5, 9));
        statistics.update("bn", Tensor.vector(1, 0), Tensor.vector(1, 1));

        // After the first batch: 0.75 * (0, 1) + 0.25 * batch; after the second, the same rule again.
        assertThat(TIGHT.mismatch(statistics.mean("bn"), Tensor.vector(0.75 * 0.5 + 0.25, 0.75 * -1))).isEmpty();
        assertThat(TIGHT.mismatch(statistics.variance("bn"), Tensor.vector(0.75 * 2 + 0.25, 0.75 * 3 + 0.25))).isEmpty();
        assertThat(statistics.layers()).containsExactly("bn");
    }

    @Test
    void momentumOneKeepsLatestBatch() {
        RunningStatistics statistics = new RunningStatistics(1);

        statistics.update("a", Tensor.vector(7), Tensor.vector(3));
        statistics.update("b", Tensor.vector(1, 2), Tensor.vector(4, 5));
        statistics.update("a", Tensor.vector(-1), Tensor.vector(0.5));

        assertThat(statistics.mean("a")).isEqualTo(Tensor.vector(-1));
        assertThat(statistics.variance("a")).isEqualTo(Tensor.vector(0.5));
        assertThat(statistics.layers()).containsExactly("a", "b");
    }

    @Test
    void invalidUseIsRejected() {
        RunningStatistics statistics = new RunningStatistics(0.5);
        statistics.update("bn", Tensor.vector(1, 2), Tensor.vector(1, 1));

        assertThatThrownBy(() -> new RunningStatistics(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RunningStatistics: momentum must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> statistics.update("bn", Tensor.vector(1, 2, 3), Tensor.vector(1, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RunningStatistics: layer 'bn' has 2 channels, got a batch of 3");
        assertThatThrownBy(() -> statistics.variance("other")).isInstanceOf(IllegalStateException.class)
                .hasMessage("RunningStatistics: no statistics of layer 'other' were tracked in this episode; run a forward pass with "
                        + "NormalizationMode.BATCH_AND_TRACK first");
    }

    @Test
    void learnersWithoutBatchNormIgnoreTheMode() {
        Learner plain = new Learner() {
            @Override public String name() { return "plain"; }
            @Override public int[] inputShape() { return new int[] {1}; }
            @Override public int classes() { return 2; }
            @Override public ParameterLayout layout() { return ParameterLayout.builder().add("w", 2, 1).build(); }
            @Override public Tensor initialParameters(l2l.tensor.TensorRandom random) { return Tensor.vector(1, -1); }
            @Override public l2l.autodiff.Variable logits(l2l.autodiff.Variable p, Tensor inputs) {
                return l2l.autodiff.Variable.constant(inputs).matmulTransposed(layout().view(p, "w"));
            }
        };
        l2l.autodiff.Variable parameters = l2l.autodiff.Variable.constant(Tensor.vector(1, -1));
        Tensor inputs = Tensor.of(new double[] {2, 3}, 2, 1);

        assertThat(plain.logits(parameters, inputs, NormalizationMode.RUNNING, null).value()).isEqualTo(plain.logits(parameters, inputs).value());
        assertThat(plain.usesBatchNormalization()).isFalse();
    }
}
