package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class GradientsTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    @Test
    void gradientsDoNotAccumulate() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));

        List<Variable> gradients = Gradients.of(x.square().sum(), List.of(x), false);

        assertThat(gradients.get(0).value()).isEqualTo(Tensor.vector(2, 4));
        assertThat(gradients.get(0).requiresGrad()).isFalse();
        assertThat(x.grad()).isNull();
    }

    @Test
    void gradientWithRespectToIntermediate() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));
        Variable hidden = x.mul(3.0);
        Variable loss = hidden.square().sum();

        List<Variable> gradients = Gradients.of(loss, List.of(hidden, x), false);

        assertThat(gradients.get(0).value()).isEqualTo(Tensor.vector(6, 12));
        assertThat(gradients.get(1).value()).isEqualTo(Tensor.vector(18, 36));
    }

    @Test
    void unusedInputGetsZeros() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));
        Variable unused = Variable.parameter(Tensor.zeros(3));

        List<Variable> gradients = Gradients.of(x.sum(), List.of(x, unused), false);

        assertThat(gradients.get(1).value()).isEqualTo(Tensor.zeros(3));
    }

    @Test
    void graphKeptForLaterBackward() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));
        Variable loss = x.square().sum();

        Gradients.of(loss, List.of(x), false);
        loss.backward();

        assertThat(x.grad()).isEqualTo(Tensor.vector(2, 4));
    }

    @Test
    void constantInputRejected() {
        Variable x = Variable.parameter(Tensor.vector(1));
        Variable data = Variable.constant(Tensor.vector(2));

        assertThatThrownBy(() -> Gradients.of(x.mul(data).sum(), List.of(data), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Gradients.of: input 0 of shape [1] does not require a gradient");
    }

    @Test
    void seedGivesVectorJacobianProduct() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));
        Variable y = x.square();

        Variable product = Gradients.of(y, Variable.constant(Tensor.vector(10, 100)), List.of(x), false).get(0);

        assertThat(product.value()).isEqualTo(Tensor.vector(20, 400));
    }

    @Test
    void secondDerivativeOfCube() {
        Variable x = Variable.parameter(Tensor.scalar(2));
        Variable cube = x.mul(x).mul(x);

        Variable first = Gradients.of(cube, List.of(x), true).get(0);
        Variable second = Gradients.of(first, List.of(x), true).get(0);
        Variable third = Gradients.of(second, List.of(x), false).get(0);

        assertThat(first.value().item()).isEqualTo(12.0);
        assertThat(second.value().item()).isEqualTo(12.0);
        assertThat(third.value().item()).isEqualTo(6.0);
    }

    @Test
    void hessianVectorProductMatchesFiniteDifferences() {
        TensorRandom random = new TensorRandom(8);
        Tensor point = random.normal(0, 1, 4);
        Tensor direction = random.normal(0, 1, 4);
        Tensor matrix = random.normal(0, 1, 3, 4);
        Function<Variable, Variable> loss = x -> {
            Variable hidden = Variable.constant(matrix).matmul(x.reshape(4, 1)).tanh();
            return hidden.square().sum().add(x.exp().sum()).add(x.mul(x.sigmoid()).sum());
        };

        Variable x = Variable.parameter(point);
        Variable gradient = Gradients.of(loss.apply(x), List.of(x), true).get(0);
        Tensor hessianTimesDirection = Gradients.of(gradient.mul(Variable.constant(direction)).sum(), List.of(x), false).get(0).value();

        double step = 1e-5;
        Tensor plus = gradientAt(loss, point.add(direction.mul(step)));
        Tensor minus = gradientAt(loss, point.sub(direction.mul(step)));
        Tensor finiteDifference = plus.sub(minus).div(2 * step);
        assertThat(new Tolerance(1e-7, 1e-6).mismatch(hessianTimesDirection, finiteDifference)).isEmpty();
    }

    private static Tensor gradientAt(Function<Variable, Variable> loss, Tensor point) {
        Variable x = Variable.parameter(point);
        return Gradients.of(loss.apply(x), List.of(x), false).get(0).value();
    }

    @Test
    void createdGraphRecordsEvenInsideNoGrad() {
        Variable x = Variable.parameter(Tensor.scalar(3));
        Variable square = x.square();

        Variable gradient;
        try (NoGrad scope = NoGrad.enter()) {
            gradient = Gradients.of(square, List.of(x), true).get(0);
        }

        assertThat(gradient.requiresGrad()).isTrue();
        assertThat(TIGHT.accepts(Gradients.of(gradient, List.of(x), false).get(0).value().item(), 2)).isTrue();
    }
}
