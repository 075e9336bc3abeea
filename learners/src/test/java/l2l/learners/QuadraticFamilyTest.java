package l2l.learners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class QuadraticFamilyTest {

    @Test
    void sampleDrawsMatricesTargetsThenStart() {
        QuadraticProblem problem = new QuadraticFamily(3, 2).sample(42, 100);

        TensorRandom random = new TensorRandom(42);
        Tensor matrices = random.normal(0, 1, 2, 3, 3);
        Tensor targets = random.normal(0, 1, 2, 3);
        Tensor start = random.normal(0, 1, 2, 3);
        assertThat(problem.initialParameters()).isEqualTo(start.reshape(6));
        assertThat(problem.problemCount()).isEqualTo(2);
        assertThat(new QuadraticFamily(3, 2).sample(42, 100).initialParameters()).isEqualTo(problem.initialParameters());
        assertThat(new QuadraticFamily(3, 2).sample(43, 100).initialParameters()).isNotEqualTo(problem.initialParameters());

        Tensor losses = problem.losses(Variable.constant(problem.initialParameters()), 0).value();
        for (int i = 0; i < 2; i++) {
            double expected = 0;
            for (int row = 0; row < 3; row++) {
                double residual = -targets.get(i, row);
                for (int column = 0; column < 3; column++) {
                    residual += matrices.get(i, row, column) * start.get(i, column);
                }
                expected += residual * residual;
            }
            assertThat(losses.getFlat(i)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void gradientOfSumIsPerProblemGradient() {
        Tensor matrices = Tensor.of(new double[] {2, 0, 0, 1, 1, 1, 0, 3}, 2, 2, 2);
        Tensor targets = Tensor.of(new double[] {1, 0, 0, 3}, 2, 2);
        QuadraticProblem problem = QuadraticProblem.of(matrices, targets, Tensor.zeros(2, 2), 5);
        Variable theta = Variable.parameter(Tensor.vector(1, 1, 1, 1));

        Tensor gradient = Gradients.of(problem.losses(theta, 0).sum(), List.of(theta), false).get(0).value();

        // Problem 0: r = (2 - 1, 1) = (1, 1), g = 2 W^T r = (4, 2). Problem 1: r = (2, 0), g = (4, 4).
        assertThat(gradient).isEqualTo(Tensor.vector(4, 2, 4, 4));
        assertThat(problem.losses(theta, 0).value()).isEqualTo(Tensor.vector(2, 4));
    }

    @Test
    void invalidStepsAndShapesRejected() {
        QuadraticProblem problem = new QuadraticFamily(10, 4).sample(1, 100);

        assertThatThrownBy(() -> problem.losses(Variable.constant(Tensor.zeros(40)), 101))
                .hasMessage("QuadraticProblem: step 101 is outside 0..100");
        assertThatThrownBy(() -> problem.losses(Variable.constant(Tensor.zeros(39)), 0))
                .hasMessage("QuadraticProblem: parameters have shape [39] but 4 problems of dimension 10 need [40]");
        assertThatThrownBy(() -> new QuadraticFamily(0, 4)).hasMessageContaining("at least 1, got 0 and 4");
        assertThat(new QuadraticFamily(10, 4).parameterCount()).isEqualTo(40);
        assertThat(new QuadraticFamily(10, 4).describe()).containsEntry("dimension", 10).containsEntry("problems", 4);
    }
}
