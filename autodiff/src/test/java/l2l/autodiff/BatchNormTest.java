package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class BatchNormTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    private final TensorRandom random = new TensorRandom(61);

    @Test
    void trainingNormalisesEachChannel() {
        Tensor x = random.normal(3, 2, 4, 2, 3, 3);

        BatchNorm.Result result = BatchNorm.training(Variable.constant(x), null, null, 1e-5);

        Tensor output = result.output().value();
        Tensor channelMeans = output.sumTo(1, 2, 1, 1).div(4 * 9);
        Tensor channelVariances = output.square().sumTo(1, 2, 1, 1).div(4 * 9);
        assertThat(new Tolerance(1e-12, 0).mismatch(channelMeans, Tensor.zeros(1, 2, 1, 1))).isEmpty();
        assertThat(new Tolerance(1e-4, 0).mismatch(channelVariances, Tensor.ones(1, 2, 1, 1))).isEmpty();
        assertThat(result.count()).isEqualTo(36);
    }

    @Test
    void trainingStatisticsAreBatchMeanAndBiasedVariance() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);

        BatchNorm.Result result = BatchNorm.training(Variable.constant(x), null, null, 1e-5);

        // Channel 0 holds 1, 2, 5, 6 and channel 1 holds 3, 4, 7, 8.
        assertThat(result.mean()).isEqualTo(Tensor.vector(3.5, 5.5));
        assertThat(result.variance()).isEqualTo(Tensor.vector(4.25, 4.25));
        assertThat(TIGHT.mismatch(result.unbiasedVariance(), Tensor.vector(17.0 / 3, 17.0 / 3))).isEmpty();
    }

    @Test
    void trainingGradients() {
        GradientCheck.verify(v -> BatchNorm.training(v.get(0), v.get(1), v.get(2), 1e-5).output(),
                random.normal(0, 1, 3, 2, 2, 2), random.normal(1, 0.3, 2), random.normal(0, 1, 2));
        GradientCheck.verify(v -> BatchNorm.training(v.get(0), v.get(1), v.get(2), 1e-3).output(),
                random.normal(0, 1, 5, 3), random.normal(1, 0.3, 3), random.normal(0, 1, 3));
    }

    @Test
    void inferenceUsesGivenStatistics() {
        Tensor x = random.normal(0, 1, 2, 3, 2, 2);
        Tensor mean = Tensor.vector(0.1, -0.2, 0.3);
        Tensor variance = Tensor.vector(1.5, 0.5, 2);
        Tensor weight = Tensor.vector(2, 3, 4);
        Tensor bias = Tensor.vector(-1, 0, 1);

        Variable output = BatchNorm.inference(Variable.constant(x), mean, variance, Variable.constant(weight), Variable.constant(bias), 1e-5);

        double expected = (x.get(1, 2, 0, 1) - 0.3) / Math.sqrt(2 + 1e-5) * 4 + 1;
        assertThat(TIGHT.accepts(output.value().get(1, 2, 0, 1), expected)).isTrue();
        GradientCheck.verify(v -> BatchNorm.inference(v.get(0), mean, variance, v.get(1), v.get(2), 1e-5), x, weight, bias);
    }

    @Test
    void shapeErrorsNameShapes() {
        Variable x = Variable.constant(Tensor.zeros(2, 3, 4, 4));

        assertThatThrownBy(() -> BatchNorm.training(x, Variable.constant(Tensor.ones(4)), null, 1e-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm.training: weight and bias must be [3] for the input [2, 3, 4, 4], got [4]");
        assertThatThrownBy(() -> BatchNorm.inference(x, Tensor.zeros(2), Tensor.ones(3), null, null, 1e-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm.inference: mean [2] and variance [3] must both be [3] for the input [2, 3, 4, 4]");
        assertThatThrownBy(() -> BatchNorm.training(x, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm.training: eps must be a positive finite number, got 0.0");
    }
}
