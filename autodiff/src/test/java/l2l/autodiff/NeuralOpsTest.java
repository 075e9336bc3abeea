package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.tensor.Convolution;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class NeuralOpsTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    private final TensorRandom random = new TensorRandom(51);

    private Tensor normal(int... shape) {
        return random.normal(0, 1, shape);
    }

    @Test
    void linearGradients() {
        GradientCheck.verify(v -> NeuralOps.linear(v.get(0), v.get(1), v.get(2)), normal(4, 3), normal(2, 3), normal(2));
        GradientCheck.verify(v -> NeuralOps.linear(v.get(0), v.get(1), null), normal(4, 3), normal(2, 3));
    }

    @Test
    void conv2dMatchesTensorKernel() {
        Tensor x = normal(2, 3, 6, 5);
        Tensor w = normal(4, 3, 3, 3);
        Tensor b = normal(4);

        Variable output = NeuralOps.conv2d(Variable.constant(x), Variable.constant(w), Variable.constant(b), 2, 1);

        assertThat(TIGHT.mismatch(output.value(), Convolution.conv2d(x, w, b, 2, 1))).isEmpty();
    }

    @Test
    void conv2dGradients() {
        GradientCheck.verify(v -> NeuralOps.conv2d(v.get(0), v.get(1), v.get(2), 1, 1), normal(2, 2, 5, 5), normal(3, 2, 3, 3), normal(3));
        GradientCheck.verify(v -> NeuralOps.conv2d(v.get(0), v.get(1), null, 2, 0), normal(1, 2, 6, 5), normal(2, 2, 2, 3));
    }

    @Test
    void fusedAndComposedConv2dAgree() {
        Tensor x = normal(3, 2, 7, 6);
        Tensor w = normal(4, 2, 3, 3);
        Tensor b = normal(4);
        Tensor seed = normal(3, 4, 7, 6);
        for (boolean withBias : new boolean[] {true, false}) {
            for (boolean createGraph : new boolean[] {false, true}) {
                List<Variable> fusedInputs = List.of(Variable.parameter(x), Variable.parameter(w), Variable.parameter(b));
                List<Variable> composedInputs = List.of(Variable.parameter(x), Variable.parameter(w), Variable.parameter(b));

                Variable fused = NeuralOps.conv2d(fusedInputs.get(0), fusedInputs.get(1), withBias ? fusedInputs.get(2) : null, 1, 1);
                Variable composed = NeuralOps.composedConv2d(composedInputs.get(0), composedInputs.get(1),
                        withBias ? composedInputs.get(2) : null, 1, 1);
                int inputs = withBias ? 3 : 2;
                List<Variable> fusedGradients = Gradients.of(fused.mul(Variable.constant(seed)).sum(), fusedInputs.subList(0, inputs),
                        createGraph);
                List<Variable> composedGradients = Gradients.of(composed.mul(Variable.constant(seed)).sum(),
                        composedInputs.subList(0, inputs), createGraph);

                String label = (withBias ? "with bias" : "without bias") + (createGraph ? ", recorded backward pass" : "");
                assertThat(TIGHT.mismatch(fused.value(), composed.value())).as("output " + label).isEmpty();
                for (int k = 0; k < inputs; k++) {
                    assertThat(TIGHT.mismatch(fusedGradients.get(k).value(), composedGradients.get(k).value()))
                            .as("gradient %d %s", k, label).isEmpty();
                }
            }
        }
    }

    @Test
    void im2colAndCol2imGradients() {
        GradientCheck.verify(v -> NeuralOps.im2col(v.get(0), 3, 2, 2, 1), normal(2, 2, 5, 4));
        GradientCheck.verify(v -> NeuralOps.col2im(v.get(0), 2, 5, 4, 3, 2, 2, 1), normal(2, 12, 9));
    }

    @Test
    void maxPoolGradients() {
        // Values spread far apart, so no window holds two values within the finite-difference step.
        Tensor x = Tensor.of(spread(2 * 2 * 5 * 5), 2, 2, 5, 5);

        GradientCheck.verify(v -> NeuralOps.maxPool2d(v.get(0), 2, 2), x);
        GradientCheck.verify(v -> NeuralOps.maxPool2d(v.get(0), 3, 1), x);
    }

    private double[] spread(int count) {
        int[] order = random.permutation(count);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = 0.1 * order[i];
        }
        return values;
    }

    @Test
    void maxPoolGradientGoesToFirstMaximum() {
        Variable x = Variable.parameter(Tensor.of(new double[] {3, 3, 1, 3}, 1, 1, 2, 2));

        NeuralOps.maxPool2d(x, 2, 2).sum().backward();

        assertThat(x.grad()).isEqualTo(Tensor.of(new double[] {1, 0, 0, 0}, 1, 1, 2, 2));
    }

    @Test
    void maxPoolCommutesWithRelu() {
        // Windows with ties, zeros and only negative values, where the order could matter.
        double[] values = random.normal(0, 1, 2, 3, 6, 6).toArray();
        double[] special = {0, 0, -1, -2, 0.5, 0.5, 0.25, -3, -1, -1, -4, -5, 0, -1, -2, -3, 2, 2, 2, 2};
        System.arraycopy(special, 0, values, 0, special.length);
        Tensor x = Tensor.of(values, 2, 3, 6, 6);
        Tensor seed = random.normal(0, 1, 2, 3, 3, 3);
        Variable poolFirstInput = Variable.parameter(x);
        Variable reluFirstInput = Variable.parameter(x);

        Variable poolFirst = NeuralOps.maxPool2d(poolFirstInput, 2, 2).relu();
        Variable reluFirst = NeuralOps.maxPool2d(reluFirstInput.relu(), 2, 2);
        poolFirst.mul(Variable.constant(seed)).sum().backward();
        reluFirst.mul(Variable.constant(seed)).sum().backward();

        // Exact equality, except that a gradient of -0.0 and one of 0.0 compare equal.
        Tolerance exact = new Tolerance(0, 0);
        assertThat(exact.mismatch(poolFirst.value(), reluFirst.value())).isEmpty();
        assertThat(exact.mismatch(poolFirstInput.grad(), reluFirstInput.grad())).isEmpty();
    }

    @Test
    void softmaxCrossEntropyValueAndGradients() {
        Tensor logits = Tensor.matrix(new double[][] {{1, 2, 3}, {1000, 0, -1000}});
        int[] labels = {2, 1};

        Variable loss = NeuralOps.softmaxCrossEntropy(Variable.constant(logits), labels);

        double first = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double second = 1000;
        assertThat(TIGHT.accepts(loss.value().item(), (first + second) / 2)).isTrue();
        GradientCheck.verify(v -> NeuralOps.softmaxCrossEntropy(v.get(0), new int[] {0, 3, 3}), normal(3, 4));
    }

    @Test
    void softmaxCrossEntropyRejectsBadLabels() {
        Variable logits = Variable.constant(Tensor.zeros(4, 3));

        assertThatThrownBy(() -> NeuralOps.softmaxCrossEntropy(logits, new int[] {0, 1, 5, 2}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("softmaxCrossEntropy: label 5 at position 2 is out of range [0, 3) for logits of shape [4, 3]");
        assertThatThrownBy(() -> NeuralOps.softmaxCrossEntropy(logits, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("softmaxCrossEntropy: expected logits [N, K] with N >= 1 and N labels, got logits [4, 3] and 1 labels");
    }

    @Test
    void preprocessGradientIsConstant() {
        Variable gradient = Variable.parameter(Tensor.vector(2, 1e-9));

        Variable pairs = NeuralOps.preprocessGradient(gradient.mul(1.0), 10);

        assertThat(pairs.requiresGrad()).isFalse();
        assertThat(pairs.shape()).containsExactly(2, 2);
        assertThat(pairs.value().get(1, 0)).isEqualTo(-1.0);
    }

    @Test
    void labelsFromWholeNumbers() {
        assertThat(NeuralOps.labels(Tensor.vector(0, 4, 2))).containsExactly(0, 4, 2);
        assertThatThrownBy(() -> NeuralOps.labels(Tensor.vector(0, 1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 1.5 at position 1");
    }
}
