package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchNormKernelsTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);
    private static final double EPS = 1e-3;
    /** Shapes with 1 value per row, rows shorter and longer than a vector, and one large enough to run on several threads. */
    private static final int[][] SHAPES = {{5, 3}, {4, 2, 3, 3}, {3, 4, 7, 7}, {2, 3, 5}, {2, 5, 28, 28}, {6, 4, 40, 40}};

    private final TensorRandom random = new TensorRandom(83);
    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    /** Returns {@code [1, C, 1, ...]} of the rank of {@code shape}. */
    private static int[] statisticsShape(int[] shape) {
        int[] result = new int[shape.length];
        Arrays.fill(result, 1);
        result[1] = shape[1];
        return result;
    }

    /** A normalisation computed with plain tensor operations, the reference for the kernels. */
    private static final class Reference {

        final Tensor output;
        final Tensor mean;
        final Tensor variance;
        final Tensor normalized;
        final Tensor inverseStd;
        final int count;

        Reference(Tensor x, Tensor mean, Tensor variance, Tensor weight, Tensor bias) {
            int[] statistics = statisticsShape(x.shape());
            this.count = x.size() / x.dim(1);
            this.mean = mean;
            this.variance = variance;
            this.inverseStd = Tensor.ones(statistics).div(variance.reshape(statistics).add(EPS).sqrt());
            this.normalized = x.sub(mean.reshape(statistics)).mul(inverseStd);
            Tensor scaled = weight == null ? normalized : normalized.mul(weight.reshape(statistics));
            this.output = bias == null ? scaled : scaled.add(bias.reshape(statistics));
        }

        static Reference training(Tensor x, Tensor weight, Tensor bias) {
            int[] statistics = statisticsShape(x.shape());
            int count = x.size() / x.dim(1);
            Tensor mean = x.sumTo(statistics).div(count);
            Tensor variance = x.sub(mean).square().sumTo(statistics).div(count);
            return new Reference(x, mean.reshape(x.dim(1)), variance.reshape(x.dim(1)), weight, bias);
        }

        /** Returns {dx, dweight, dbias} of the training mode by the closed form with dxhat = dy weight. */
        Tensor[] trainingGradients(Tensor dy, Tensor weight) {
            int[] statistics = statisticsShape(dy.shape());
            Tensor dxhat = weight == null ? dy : dy.mul(weight.reshape(statistics));
            Tensor sumDxhat = dxhat.sumTo(statistics);
            Tensor sumDxhatXhat = dxhat.mul(normalized).sumTo(statistics);
            Tensor dx = inverseStd.div(count).mul(dxhat.mul(count).sub(sumDxhat).sub(normalized.mul(sumDxhatXhat)));
            return new Tensor[] {dx, dy.mul(normalized).sumTo(statistics).reshape(dy.dim(1)), dy.sumTo(statistics).reshape(dy.dim(1))};
        }
    }

    @Test
    void trainingMatchesComposedOperations() {
        for (int[] shape : SHAPES) {
            int channels = shape[1];
            Tensor x = random.normal(0.5, 2, shape);
            Tensor weight = random.normal(1, 0.3, channels);
            Tensor bias = random.normal(0, 1, channels);

            BatchNormKernels.Normalized normalized = BatchNormKernels.training(x, weight, bias, EPS);

            Reference reference = Reference.training(x, weight, bias);
            String label = Shapes.toString(shape);
            assertThat(TIGHT.mismatch(normalized.output(), reference.output)).as("output of " + label).isEmpty();
            assertThat(TIGHT.mismatch(normalized.mean(), reference.mean)).as("mean of " + label).isEmpty();
            assertThat(TIGHT.mismatch(normalized.variance(), reference.variance)).as("variance of " + label).isEmpty();
        }
    }

    @Test
    void trainingStatisticsOfKnownValues() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);

        BatchNormKernels.Normalized normalized = BatchNormKernels.training(x, null, null, EPS);

        // Channel 0 contains 1, 2, 5, 6 and channel 1 contains 3, 4, 7, 8.
        assertThat(normalized.mean()).isEqualTo(Tensor.vector(3.5, 5.5));
        assertThat(normalized.variance()).isEqualTo(Tensor.vector(4.25, 4.25));
        assertThat(TIGHT.accepts(normalized.output().get(1, 0, 1), (6 - 3.5) / Math.sqrt(4.25 + EPS))).isTrue();
    }

    @Test
    void trainingBackwardMatchesClosedForm() {
        for (int[] shape : SHAPES) {
            int channels = shape[1];
            Tensor x = random.normal(-0.3, 1.5, shape);
            Tensor dy = random.normal(0, 1, shape);
            for (Tensor weight : new Tensor[] {random.normal(1, 0.3, channels), null}) {
                BatchNormKernels.Normalized normalized = BatchNormKernels.training(x, weight, null, EPS);

                BatchNormKernels.Gradients gradients = BatchNormKernels.trainingBackward(x, normalized.mean(), normalized.variance(), weight,
                        EPS, dy, true);

                Tensor[] expected = Reference.training(x, weight, null).trainingGradients(dy, weight);
                String label = Shapes.toString(shape) + (weight == null ? " without weight" : " with weight");
                assertThat(TIGHT.mismatch(gradients.input(), expected[0])).as("dx of " + label).isEmpty();
                assertThat(TIGHT.mismatch(gradients.weight(), expected[1])).as("dweight of " + label).isEmpty();
                assertThat(TIGHT.mismatch(gradients.bias(), expected[2])).as("dbias of " + label).isEmpty();
            }
        }
    }

    @Test
    void trainingBackwardMatchesFiniteDifferences() {
        Tensor x = random.normal(0, 1, 3, 2, 3, 3);
        Tensor weight = random.normal(1, 0.3, 2);
        Tensor bias = random.normal(0, 1, 2);
        Tensor dy = random.normal(0, 1, 3, 2, 3, 3);
        BatchNormKernels.Normalized normalized = BatchNormKernels.training(x, weight, bias, EPS);

        BatchNormKernels.Gradients gradients = BatchNormKernels.trainingBackward(x, normalized.mean(), normalized.variance(), weight, EPS,
                dy, true);

        // Directional derivatives of <dy, y> along random directions of x, the weight and the bias.
        double step = 1e-6;
        Tensor[] analytic = {gradients.input(), gradients.weight(), gradients.bias()};
        Tensor[] values = {x, weight, bias};
        for (int k = 0; k < 3; k++) {
            Tensor direction = random.normal(0, 1, values[k].shape());
            Tensor[] plus = values.clone();
            Tensor[] minus = values.clone();
            plus[k] = values[k].add(direction.mul(step));
            minus[k] = values[k].sub(direction.mul(step));
            double numeric = (trainingObjective(plus, dy) - trainingObjective(minus, dy)) / (2 * step);
            double automatic = analytic[k].mul(direction).sum().item();
            assertThat(new Tolerance(1e-7, 1e-7).accepts(automatic, numeric)).as("input %d: %s vs %s", k, automatic, numeric).isTrue();
        }
    }

    private static double trainingObjective(Tensor[] values, Tensor dy) {
        return BatchNormKernels.training(values[0], values[1], values[2], EPS).output().mul(dy).sum().item();
    }

    @Test
    void inferenceMatchesComposedOperations() {
        for (int[] shape : SHAPES) {
            int channels = shape[1];
            Tensor x = random.normal(0, 1, shape);
            Tensor mean = random.normal(0, 0.5, channels);
            Tensor variance = random.uniform(0.5, 2, channels);
            Tensor weight = random.normal(1, 0.3, channels);
            Tensor bias = random.normal(0, 1, channels);
            Tensor dy = random.normal(0, 1, shape);

            Tensor output = BatchNormKernels.inference(x, mean, variance, weight, bias, EPS);
            BatchNormKernels.Gradients gradients = BatchNormKernels.inferenceBackward(x, mean, variance, weight, EPS, dy, true);

            Reference reference = new Reference(x, mean, variance, weight, bias);
            int[] statistics = statisticsShape(shape);
            String label = Shapes.toString(shape);
            assertThat(TIGHT.mismatch(output, reference.output)).as("output of " + label).isEmpty();
            assertThat(TIGHT.mismatch(gradients.input(), dy.mul(weight.reshape(statistics)).mul(reference.inverseStd))).as("dx of " + label)
                    .isEmpty();
            assertThat(TIGHT.mismatch(gradients.weight(), dy.mul(reference.normalized).sumTo(statistics).reshape(channels)))
                    .as("dweight of " + label).isEmpty();
            assertThat(TIGHT.mismatch(gradients.bias(), dy.sumTo(statistics).reshape(channels))).as("dbias of " + label).isEmpty();
        }
    }

    @Test
    void unrequestedInputGradientIsNull() {
        Tensor x = random.normal(0, 1, 4, 3);
        BatchNormKernels.Normalized normalized = BatchNormKernels.training(x, null, null, EPS);

        BatchNormKernels.Gradients gradients = BatchNormKernels.trainingBackward(x, normalized.mean(), normalized.variance(), null, EPS,
                Tensor.ones(4, 3), false);

        assertThat(gradients.input()).isNull();
        assertThat(gradients.bias()).isEqualTo(Tensor.full(4, 3));
    }

    @Test
    void resultsIndependentOfThreadCount() {
        int[] shape = {6, 4, 40, 40};
        Tensor x = random.normal(0, 1, shape);
        Tensor weight = random.normal(1, 0.3, 4);
        Tensor bias = random.normal(0, 1, 4);
        Tensor dy = random.normal(0, 1, shape);

        Parallelism.setThreads(1);
        BatchNormKernels.Normalized sequential = BatchNormKernels.training(x, weight, bias, EPS);
        BatchNormKernels.Gradients sequentialGradients = BatchNormKernels.trainingBackward(x, sequential.mean(), sequential.variance(),
                weight, EPS, dy, true);
        Tensor sequentialInference = BatchNormKernels.inference(x, sequential.mean(), sequential.variance(), weight, bias, EPS);
        Parallelism.setThreads(2);
        BatchNormKernels.Normalized parallel = BatchNormKernels.training(x, weight, bias, EPS);
        BatchNormKernels.Gradients parallelGradients = BatchNormKernels.trainingBackward(x, parallel.mean(), parallel.variance(), weight,
                EPS, dy, true);
        Tensor parallelInference = BatchNormKernels.inference(x, sequential.mean(), sequential.variance(), weight, bias, EPS);

        assertThat(parallel.output()).isEqualTo(sequential.output());
        assertThat(parallel.mean()).isEqualTo(sequential.mean());
        assertThat(parallel.variance()).isEqualTo(sequential.variance());
        assertThat(parallelGradients.input()).isEqualTo(sequentialGradients.input());
        assertThat(parallelGradients.weight()).isEqualTo(sequentialGradients.weight());
        assertThat(parallelGradients.bias()).isEqualTo(sequentialGradients.bias());
        assertThat(parallelInference).isEqualTo(sequentialInference);
    }

    @Test
    void overflowingVarianceRejected() {
        Tensor x = Tensor.of(new double[] {-1e200, 1e200, 0, 0}, 2, 2);

        assertThatThrownBy(() -> BatchNormKernels.training(x, null, null, EPS))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageStartingWith("batchNorm.training: the result at index [0] is Infinity although every input is finite");
    }

    @Test
    void invalidShapesNamed() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);

        assertThatThrownBy(() -> BatchNormKernels.training(x, Tensor.ones(4), null, EPS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchNorm.training: weight and bias must be [3] for the input [2, 3, 4, 4], got [4]");
        assertThatThrownBy(() -> BatchNormKernels.training(Tensor.zeros(0, 3), null, null, EPS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchNorm.training: the input [0, 3] has no values per channel, so it has no statistics; "
                        + "pass at least one value per channel");
        assertThatThrownBy(() -> BatchNormKernels.training(Tensor.zeros(3), null, null, EPS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchNorm.training: expected an input [B, C, ...], got shape [3]");
        assertThatThrownBy(() -> BatchNormKernels.inference(x, Tensor.zeros(3), Tensor.ones(2), null, null, EPS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchNorm.inference: mean [3] and variance [2] must both be [3] for the input [2, 3, 4, 4]");
        assertThatThrownBy(() -> BatchNormKernels.trainingBackward(x, Tensor.zeros(3), Tensor.ones(3), null, EPS, Tensor.zeros(2, 3, 4), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchNorm.training: the output gradient has shape [2, 3, 4] but the input and output are [2, 3, 4, 4]");
        assertThatThrownBy(() -> BatchNormKernels.inference(x, Tensor.zeros(3), Tensor.ones(3), null, null, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchNorm.inference: eps must be a positive finite number, got NaN");
    }
}
