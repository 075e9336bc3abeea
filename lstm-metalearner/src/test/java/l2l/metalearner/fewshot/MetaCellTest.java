package l2l.metalearner.fewshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import l2l.autodiff.GradientCheck;
import l2l.autodiff.Variable;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class MetaCellTest {

    private static final Tolerance TIGHT = new Tolerance(1e-14, 1e-13);

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void stepMatchesFormula() {
        Tensor h = Tensor.matrix(new double[][] {{0.5, -1}, {2, 0.25}});
        Tensor theta = Tensor.vector(0.3, -0.7);
        Tensor forgetPrevious = Tensor.vector(1.5, -0.5);
        Tensor inputPrevious = Tensor.vector(-2, 0.1);
        Tensor gradient = Tensor.vector(0.9, -0.2);
        Tensor forgetWeight = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 4, 1);
        Tensor inputWeight = Tensor.of(new double[] {-0.1, 0.05, 0.2, -0.3}, 4, 1);

        MetaCell.Output output = MetaCell.step(Variable.constant(h), Variable.constant(theta), Variable.constant(forgetPrevious),
                Variable.constant(inputPrevious), Variable.constant(gradient), Variable.constant(forgetWeight),
                Variable.constant(inputWeight), Variable.constant(Tensor.vector(4.5)), Variable.constant(Tensor.vector(-4.2)));

        // Row 1: a_F = 2 * 0.1 + 0.25 * 0.2 + (-0.7) * 0.3 + (-0.5) * 0.4 + 4.5; a_I likewise with W_I and b_I.
        double forget = 2 * 0.1 + 0.25 * 0.2 - 0.7 * 0.3 - 0.5 * 0.4 + 4.5;
        double input = 2 * -0.1 + 0.25 * 0.05 - 0.7 * 0.2 + 0.1 * -0.3 - 4.2;
        assertThat(TIGHT.accepts(output.forget().value().getFlat(1), forget)).isTrue();
        assertThat(TIGHT.accepts(output.input().value().getFlat(1), input)).isTrue();
        assertThat(TIGHT.accepts(output.theta().value().getFlat(1), sigmoid(forget) * -0.7 - sigmoid(input) * -0.2)).isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        TensorRandom random = new TensorRandom(3);
        GradientCheck.verify(v -> {
            MetaCell.Output output = MetaCell.step(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), v.get(8));
            return Variable.concat(0, output.theta(), output.forget(), output.input());
        }, random.normal(0, 1, 3, 2), random.normal(0, 1, 3), random.normal(0, 1, 3), random.normal(0, 1, 3), random.normal(0, 1, 3),
                random.normal(0, 0.5, 4, 1), random.normal(0, 0.5, 4, 1), random.normal(0, 1, 1), random.normal(0, 1, 1));
    }

    @Test
    void shapeErrorsNameShapes() {
        Variable h = Variable.constant(Tensor.zeros(3, 2));
        Variable vector = Variable.constant(Tensor.zeros(3));
        Variable weight = Variable.constant(Tensor.zeros(4, 1));
        Variable bias = Variable.constant(Tensor.zeros(1));

        assertThatThrownBy(() -> MetaCell.step(h, Variable.constant(Tensor.zeros(4)), vector, vector, vector, weight, weight, bias, bias))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MetaCell: theta, the previous gates and the gradient must be [n] = [3] to match h [3, 2], got [4]");
        assertThatThrownBy(() -> MetaCell.step(h, vector, vector, vector, vector, Variable.constant(Tensor.zeros(3, 1)), weight, bias, bias))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MetaCell: W_F and W_I must be [H + 2, 1] = [4, 1] for h [3, 2], got [3, 1]");
    }
}
