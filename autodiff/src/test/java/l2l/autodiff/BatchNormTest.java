package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class BatchNormTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    /** Shapes with 1 value per row, rows shorter and longer than a vector, and a batch of 28x28 feature maps. */
    private static final int[][] SHAPES = {{5, 3}, {4, 2, 3, 3}, {3, 4, 7, 7}, {2, 3, 5}, {2, 3, 28, 28}};

    private final TensorRandom random = new TensorRandom(61);

    /** A normalisation of an input with a weight and a bias, either of which may be null. */
    @FunctionalInterface
    private interface Normalization {
        Variable apply(Variable input, Variable weight, Variable bias);
    }

    /** The values of one case: the input and, each possibly null, the weight and the bias. */
    private record Case(Tensor input, Tensor weight, Tensor bias) {

        List<Variable> parameters() {
            List<Variable> result = new ArrayList<>();
            for (Tensor value : new Tensor[] {input, weight, bias}) {
                result.add(value == null ? null : Variable.parameter(value));
            }
            return result;
        }

        String label() {
            return Arrays.toString(input.shape()) + (weight == null ? " without weight" : " with weight")
                    + (bias == null ? " without bias" : " with bias");
        }
    }

    /** Returns every shape with each combination of weight and bias present or left out. */
    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int[] shape : SHAPES) {
            for (int variant = 0; variant < 4; variant++) {
                Tensor weight = (variant & 1) == 0 ? random.normal(1, 0.3, shape[1]) : null;
                Tensor bias = (variant & 2) == 0 ? random.normal(0, 1, shape[1]) : null;
                cases.add(new Case(random.normal(0.2, 1.5, shape), weight, bias));
            }
        }
        return cases;
    }

    private static List<Variable> present(List<Variable> slots) {
        List<Variable> result = new ArrayList<>();
        for (Variable slot : slots) {
            if (slot != null) {
                result.add(slot);
            }
        }
        return result;
    }

    /**
     * Asserts that two normalisations give the same output and the same gradients of
     * {@code sum(seed * output)}, with and without a recorded backward pass.
     */
    private void assertAgree(Normalization fused, Normalization composed, Case values) {
        Tensor seed = random.normal(0, 1, values.input().shape());
        for (boolean createGraph : new boolean[] {false, true}) {
            List<Variable> fusedSlots = values.parameters();
            List<Variable> composedSlots = values.parameters();

            Variable fusedOutput = fused.apply(fusedSlots.get(0), fusedSlots.get(1), fusedSlots.get(2));
            Variable composedOutput = composed.apply(composedSlots.get(0), composedSlots.get(1), composedSlots.get(2));
            List<Variable> fusedGradients = Gradients.of(fusedOutput.mul(Variable.constant(seed)).sum(), present(fusedSlots), createGraph);
            List<Variable> composedGradients = Gradients.of(composedOutput.mul(Variable.constant(seed)).sum(), present(composedSlots),
                    createGraph);

            String label = values.label() + (createGraph ? ", recorded backward pass" : "");
            assertThat(TIGHT.mismatch(fusedOutput.value(), composedOutput.value())).as("output of " + label).isEmpty();
            for (int k = 0; k < fusedGradients.size(); k++) {
                assertThat(TIGHT.mismatch(fusedGradients.get(k).value(), composedGradients.get(k).value()))
                        .as("gradient %d of %s", k, label).isEmpty();
            }
        }
    }

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
    void trainingGradientsWithoutAffine() {
        GradientCheck.verify(v -> BatchNorm.training(v.get(0), null, null, 1e-5).output(), random.normal(0, 1, 3, 2, 2, 2));
        GradientCheck.verify(v -> BatchNorm.training(v.get(0), v.get(1), null, 1e-5).output(), random.normal(0, 1, 4, 3),
                random.normal(1, 0.3, 3));
        GradientCheck.verify(v -> BatchNorm.training(v.get(0), null, v.get(1), 1e-5).output(), random.normal(0, 1, 2, 2, 5),
                random.normal(0, 1, 2));
    }

    @Test
    void fusedAndComposedTrainingAgree() {
        for (Case values : cases()) {
            assertAgree((x, w, b) -> BatchNorm.training(x, w, b, 1e-3).output(), (x, w, b) -> BatchNorm.composedTraining(x, w, b, 1e-3).output(),
                    values);

            BatchNorm.Result fused = BatchNorm.training(Variable.constant(values.input()), null, null, 1e-3);
            BatchNorm.Result composed = BatchNorm.composedTraining(Variable.constant(values.input()), null, null, 1e-3);
            assertThat(TIGHT.mismatch(fused.mean(), composed.mean())).as("mean of " + values.label()).isEmpty();
            assertThat(TIGHT.mismatch(fused.variance(), composed.variance())).as("variance of " + values.label()).isEmpty();
            assertThat(fused.count()).isEqualTo(composed.count());
        }
    }

    @Test
    void fusedAndComposedInferenceAgree() {
        for (Case values : cases()) {
            int channels = values.input().dim(1);
            Tensor mean = random.normal(0, 0.5, channels);
            Tensor variance = random.uniform(0.5, 2, channels);

            assertAgree((x, w, b) -> BatchNorm.inference(x, mean, variance, w, b, 1e-3),
                    (x, w, b) -> BatchNorm.composedInference(x, mean, variance, w, b, 1e-3), values);
        }
    }

    @Test
    void secondDerivativesMatchComposed() {
        Tensor x = random.normal(0, 1, 3, 2, 3, 3);
        Tensor weight = random.normal(1, 0.3, 2);
        Tensor bias = random.normal(0, 1, 2);
        Tensor mean = random.normal(0, 0.5, 2);
        Tensor variance = random.uniform(0.5, 2, 2);
        Tensor seed = random.normal(0, 1, 3, 2, 3, 3);
        Tensor direction = random.normal(0, 1, 3, 2, 3, 3);
        Tensor weightDirection = random.normal(0, 1, 2);
        Normalization[][] pairs = {
            {(a, w, b) -> BatchNorm.training(a, w, b, 1e-3).output(), (a, w, b) -> BatchNorm.composedTraining(a, w, b, 1e-3).output()},
            {(a, w, b) -> BatchNorm.inference(a, mean, variance, w, b, 1e-3),
                (a, w, b) -> BatchNorm.composedInference(a, mean, variance, w, b, 1e-3)}};
        for (Normalization[] pair : pairs) {
            List<Tensor> secondDerivatives = new ArrayList<>();
            for (Normalization normalization : pair) {
                List<Variable> parameters = List.of(Variable.parameter(x), Variable.parameter(weight), Variable.parameter(bias));

                // The square makes the loss non-linear in the output, so the weight's second derivatives are not zero.
                Variable output = normalization.apply(parameters.get(0), parameters.get(1), parameters.get(2));
                Variable loss = output.mul(Variable.constant(seed)).sum().add(output.square().sum());
                List<Variable> gradients = Gradients.of(loss, parameters, true);
                Variable product = gradients.get(0).mul(Variable.constant(direction)).sum()
                        .add(gradients.get(1).mul(Variable.constant(weightDirection)).sum());
                for (Variable second : Gradients.of(product, parameters, false)) {
                    secondDerivatives.add(second.value());
                }
            }
            for (int k = 0; k < 3; k++) {
                assertThat(TIGHT.mismatch(secondDerivatives.get(k), secondDerivatives.get(k + 3))).as("second derivative %d", k).isEmpty();
            }
            // The bias's is zero in training mode: the batch mean removes a shift of the output's gradient per channel.
            assertThat(secondDerivatives.get(0).abs().sum().item()).as("size of the input's second derivative").isGreaterThan(1e-3);
            assertThat(secondDerivatives.get(1).abs().sum().item()).as("size of the weight's second derivative").isGreaterThan(1e-3);
        }
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
