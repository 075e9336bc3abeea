package l2l.learners.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.GradientCheck;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.LearnerSpec;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class SoftmaxRegressionTest {

    @Test
    void logitsAreInputTimesWeightPlusBias() {
        SoftmaxRegression learner = new SoftmaxRegression(new int[] {2}, 3);
        // weight [3, 2] row-major, then bias [3]
        Tensor parameters = Tensor.vector(1, 2, 3, 4, 5, 6, 0.5, -0.5, 1);

        Tensor logits = learner.logits(Variable.constant(parameters), Tensor.matrix(new double[][] {{1, -1}, {0, 2}})).value();

        assertThat(logits).isEqualTo(Tensor.matrix(new double[][] {{-1 + 0.5, -1 - 0.5, -1 + 1}, {4 + 0.5, 8 - 0.5, 12 + 1}}));
        assertThat(learner.layout().block("bias").offset()).isEqualTo(6);
    }

    @Test
    void flattensImageInputs() {
        SoftmaxRegression learner = new SoftmaxRegression(new int[] {1, 2, 2}, 2);
        Tensor inputs = new TensorRandom(2).normal(0, 1, 3, 1, 2, 2);

        GradientCheck.verify(v -> learner.loss(v.get(0), inputs, new int[] {0, 1, 1}),
                learner.initialParameters(new TensorRandom(1)));
        assertThat(learner.parameterCount()).isEqualTo(2 * 4 + 2);
        assertThatThrownBy(() -> learner.logits(Variable.constant(Tensor.zeros(10)), Tensor.zeros(3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("softmax: expected inputs [B, 1, 2, 2], got [3, 4]");
    }

    @Test
    void providerTakesNoOptions() {
        SoftmaxRegressionProvider provider = new SoftmaxRegressionProvider();

        assertThat(provider.create(new LearnerSpec(new int[] {4}, 3)).parameterCount()).isEqualTo(15);
        assertThatThrownBy(() -> provider.create(new LearnerSpec(new int[] {4}, 3, Map.of("hidden", "2"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Learner softmax takes no options, got [hidden]");
    }
}
