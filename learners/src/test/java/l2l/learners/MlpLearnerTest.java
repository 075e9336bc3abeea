package l2l.learners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.GradientCheck;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProviders;
import l2l.metalearner.problem.LearnerSpec;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class MlpLearnerTest {

    private static final int[] IMAGE = {1, 28, 28};

    @Test
    void defaultMlpHas15910Parameters() {
        Learner mlp = new MlpProvider().create(new LearnerSpec(IMAGE, 10));

        assertThat(mlp.parameterCount()).isEqualTo(15910);
        assertThat(mlp.layout().block("layer0.weight").shape()).containsExactly(20, 784);
        assertThat(mlp.layout().block("layer0.bias").offset()).isEqualTo(15680);
        assertThat(mlp.layout().block("layer1.weight").shape()).containsExactly(10, 20);
        assertThat(mlp.layout().block("layer1.bias").offset()).isEqualTo(15900);
        assertThat(((MlpLearner) mlp).activation()).isEqualTo(Activation.SIGMOID);
    }

    @Test
    void providerFoundAsService() {
        LearnerProviders providers = LearnerProviders.load();

        assertThat(providers.find("mlp")).isInstanceOf(MlpProvider.class);
    }

    @Test
    void optionsSetWidthDepthActivation() {
        MlpLearner mlp = (MlpLearner) new MlpProvider().create(new LearnerSpec(new int[] {5}, 3,
                Map.of("width", "4", "depth", "2", "activation", "relu")));

        assertThat(mlp.hiddenWidths()).containsExactly(4, 4);
        assertThat(mlp.activation()).isEqualTo(Activation.RELU);
        assertThat(mlp.parameterNames()).containsExactly("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias", "layer2.weight",
                "layer2.bias");
        assertThat(mlp.parameterCount()).isEqualTo(4 * 5 + 4 + 4 * 4 + 4 + 3 * 4 + 3);
        assertThatThrownBy(() -> new MlpProvider().create(new LearnerSpec(new int[] {5}, 3, Map.of("widht", "4"))))
                .hasMessage("Unknown option 'widht' for learner mlp; expected [width, depth, activation, init-std]");
        assertThatThrownBy(() -> new MlpProvider().create(new LearnerSpec(new int[] {5}, 3, Map.of("activation", "swish"))))
                .hasMessage("Unknown activation 'swish'; expected one of [sigmoid, relu, tanh]");
    }

    @Test
    void initialisationHasFanInVarianceAndZeroBiases() {
        MlpLearner mlp = (MlpLearner) new MlpProvider().create(new LearnerSpec(IMAGE, 10));

        Tensor parameters = mlp.initialParameters(new TensorRandom(3));

        Tensor first = mlp.layout().view(parameters, "layer0.weight");
        Tensor second = mlp.layout().view(parameters, "layer1.weight");
        assertThat(first.square().mean().item()).isCloseTo(1.0 / 784, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(second.square().mean().item()).isCloseTo(1.0 / 20, org.assertj.core.data.Percentage.withPercentage(25));
        assertThat(mlp.layout().view(parameters, "layer0.bias")).isEqualTo(Tensor.zeros(20));
        assertThat(mlp.layout().view(parameters, "layer1.bias")).isEqualTo(Tensor.zeros(10));
        assertThat(mlp.initialParameters(new TensorRandom(3))).isEqualTo(parameters);
    }

    @Test
    void initStdDrawsWeightsAndBiases() {
        MlpLearner mlp = (MlpLearner) new MlpProvider().create(new LearnerSpec(IMAGE, 10, Map.of("init-std", "0.01")));

        Tensor parameters = mlp.initialParameters(new TensorRandom(3));

        Tensor first = mlp.layout().view(parameters, "layer0.weight");
        Tensor second = mlp.layout().view(parameters, "layer1.weight");
        Tensor biases = mlp.layout().view(parameters, "layer0.bias");
        assertThat(first.square().mean().item()).isCloseTo(1e-4, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(second.square().mean().item()).isCloseTo(1e-4, org.assertj.core.data.Percentage.withPercentage(25));
        assertThat(biases.square().mean().item()).isBetween(0.3e-4, 3e-4);
        assertThat(mlp.initialParameters(new TensorRandom(3))).isEqualTo(parameters);
        assertThatThrownBy(() -> new MlpProvider().create(new LearnerSpec(IMAGE, 10, Map.of("init-std", "0"))))
                .hasMessage("Learner option init-std=0 is invalid; expected a positive number");
        assertThatThrownBy(() -> new MlpProvider().create(new LearnerSpec(IMAGE, 10, Map.of("init-std", "NaN"))))
                .hasMessage("Learner option init-std=NaN is invalid; expected a positive number");
    }

    @Test
    void logitsComputeTheLayers() {
        MlpLearner mlp = new MlpLearner(new int[] {2}, 2, new int[] {1}, Activation.SIGMOID);
        // layer0: w = (1, -1), b = 0.5; layer1: w = (2, -2)^T, b = (0, 1).
        Tensor parameters = Tensor.vector(1, -1, 0.5, 2, -2, 0, 1);

        Tensor logits = mlp.logits(Variable.constant(parameters), Tensor.of(new double[] {3, 1}, 1, 2)).value();

        double hidden = 1 / (1 + Math.exp(-2.5));
        assertThat(logits.get(0, 0)).isCloseTo(2 * hidden, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(logits.get(0, 1)).isCloseTo(-2 * hidden + 1, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void lossGradientMatchesFiniteDifferences() {
        MlpLearner mlp = new MlpLearner(new int[] {1, 2, 2}, 3, new int[] {3}, Activation.TANH);
        TensorRandom random = new TensorRandom(6);
        Tensor inputs = random.normal(0, 1, 5, 1, 2, 2);
        int[] labels = {0, 2, 1, 1, 0};

        GradientCheck.verify(v -> mlp.loss(v.get(0), inputs, labels), mlp.initialParameters(random));
    }

    @Test
    void wrongInputShapeRejected() {
        Learner mlp = new MlpProvider().create(new LearnerSpec(IMAGE, 10));
        Variable parameters = Variable.constant(Tensor.zeros(15910));

        assertThatThrownBy(() -> mlp.logits(parameters, Tensor.zeros(4, 784)))
                .hasMessage("MLP: expected inputs [B, 1, 28, 28], got [4, 784]");
        assertThatThrownBy(() -> mlp.logits(Variable.constant(Tensor.zeros(3)), Tensor.zeros(4, 1, 28, 28)))
                .hasMessage("MLP: parameters must be [15910], got [3]");
    }
}
