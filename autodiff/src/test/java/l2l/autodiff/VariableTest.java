package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.Tolerance;

class VariableTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    @Test
    void parameterRequiresGradAndConstantDoesNot() {
        Variable parameter = Variable.parameter(Tensor.vector(1, 2));
        Variable constant = Variable.constant(Tensor.vector(1, 2));

        assertThat(parameter.requiresGrad()).isTrue();
        assertThat(parameter.isLeaf()).isTrue();
        assertThat(constant.requiresGrad()).isFalse();
        assertThat(parameter.mul(constant).requiresGrad()).isTrue();
        assertThat(parameter.mul(constant).isLeaf()).isFalse();
        assertThat(constant.mul(constant).requiresGrad()).isFalse();
        assertThat(constant.mul(constant).isLeaf()).isTrue();
    }

    @Test
    void backwardAccumulatesIntoLeaves() {
        Variable x = Variable.parameter(Tensor.vector(1, 2, 3));
        Variable w = Variable.parameter(Tensor.vector(4, 5, 6));

        x.mul(w).sum().backward();

        assertThat(x.grad()).isEqualTo(Tensor.vector(4, 5, 6));
        assertThat(w.grad()).isEqualTo(Tensor.vector(1, 2, 3));

        x.mul(w).sum().backward();

        assertThat(x.grad()).isEqualTo(Tensor.vector(8, 10, 12));

        x.zeroGrad();

        assertThat(x.grad()).isNull();
    }

    @Test
    void reusedNodeAccumulatesBothPaths() {
        Variable x = Variable.parameter(Tensor.vector(3, -2));

        x.mul(x).sum().backward();

        assertThat(x.grad()).isEqualTo(Tensor.vector(6, -4));
    }

    @Test
    void diamondGraphSumsBranches() {
        Variable x = Variable.parameter(Tensor.scalar(0.5));
        Variable shared = x.exp();

        shared.mul(shared).mul(shared).add(shared).backward();

        double e = Math.exp(0.5);
        assertThat(TIGHT.accepts(x.grad().item(), 3 * e * e * e + e)).isTrue();
    }

    @Test
    void deepChainBackwardWithoutStackOverflow() {
        Variable x = Variable.parameter(Tensor.scalar(1.0));
        Variable y = x;
        for (int i = 0; i < 10_000; i++) {
            y = y.mul(1.0001).add(0.0);
        }

        y.backward();

        assertThat(new Tolerance(1e-12, 1e-9).accepts(x.grad().item(), Math.pow(1.0001, 10_000))).isTrue();
    }

    @Test
    void backwardReleasesGraph() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));
        Variable loss = x.square().sum();

        loss.backward();

        assertThatThrownBy(loss::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the graph through operation 'sum' was already released");
    }

    @Test
    void retainedGraphBackwardsTwice() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));
        Variable loss = x.square().sum();

        loss.backward(Tensor.scalar(1), true);
        loss.backward(Tensor.scalar(1), true);

        assertThat(x.grad()).isEqualTo(Tensor.vector(4, 8));
    }

    @Test
    void backwardWithSeedOnVector() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));

        x.mul(3.0).backward(Tensor.vector(10, 100));

        assertThat(x.grad()).isEqualTo(Tensor.vector(30, 300));
    }

    @Test
    void backwardRejectsNonScalarAndWrongSeed() {
        Variable y = Variable.parameter(Tensor.vector(1, 2)).mul(2.0);

        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backward: the output has shape [2], not a single element");
        assertThatThrownBy(() -> y.backward(Tensor.vector(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the seed has shape [3] but the output has shape [2]");
    }

    @Test
    void backwardOnConstantRejected() {
        assertThatThrownBy(() -> Variable.constant(1.0).backward())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the output is a constant");
    }

    @Test
    void detachStopsGradient() {
        Variable x = Variable.parameter(Tensor.vector(2));

        x.mul(x.detach()).sum().backward();

        assertThat(x.detach().requiresGrad()).isFalse();
        assertThat(x.grad()).isEqualTo(Tensor.vector(2));
    }

    @Test
    void accumulateGradChecksShapeAndKind() {
        Variable x = Variable.parameter(Tensor.vector(1, 2));

        x.accumulateGrad(Tensor.vector(1, 1));
        x.accumulateGrad(Tensor.vector(0.5, 0.5));

        assertThat(x.grad()).isEqualTo(Tensor.vector(1.5, 1.5));
        assertThatThrownBy(() -> x.accumulateGrad(Tensor.vector(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accumulateGrad: gradient of shape [1] does not match the variable's shape [2]");
        assertThatThrownBy(() -> x.mul(2.0).accumulateGrad(Tensor.vector(1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the output of 'mul'");
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Variable x = Variable.parameter(Tensor.vector(1));

        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertThat(x.mul(2.0).requiresGrad()).isFalse();
            }
            assertThat(NoGrad.isGradEnabled()).isFalse();
            assertThat(x.exp().isLeaf()).isTrue();
        }

        assertThat(NoGrad.isGradEnabled()).isTrue();
        assertThat(x.mul(2.0).requiresGrad()).isTrue();
    }

    @Test
    void noGradIsPerThread() throws InterruptedException {
        AtomicBoolean otherThreadRecords = new AtomicBoolean();

        try (NoGrad scope = NoGrad.enter()) {
            Thread other = new Thread(() -> otherThreadRecords.set(Variable.parameter(Tensor.vector(1)).mul(2.0).requiresGrad()));
            other.start();
            other.join();
        }

        assertThat(otherThreadRecords).isTrue();
    }

    @Test
    void gradientOfUnusedBranchIsAbsent() {
        Variable used = Variable.parameter(Tensor.vector(1));
        Variable unused = Variable.parameter(Tensor.vector(1));
        unused.mul(3.0);

        used.mul(2.0).sum().backward();

        assertThat(used.grad()).isEqualTo(Tensor.vector(2));
        assertThat(unused.grad()).isNull();
    }

    @Test
    void meanOfEmptyRejected() {
        Variable empty = Variable.parameter(Tensor.zeros(0, 3));

        assertThatThrownBy(empty::mean)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mean: tensor of shape [0, 3] is empty, so it has no mean");
        assertThatThrownBy(() -> empty.mean(0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mean: axis 0 of shape [0, 3] is empty, so it has no mean");
    }

    @Test
    void divisionByScalarMatchesTensor() {
        Tensor values = Tensor.vector(1, 2, 10);

        assertThat(Variable.constant(values).div(3.0).value()).isEqualTo(values.div(3.0));
        assertThatThrownBy(() -> Variable.constant(values).div(0.0))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("div: division by zero");
    }

    @Test
    void toStringNamesOrigin() {
        Variable x = Variable.parameter(Tensor.zeros(2, 3));

        assertThat(x.toString()).isEqualTo("Variable[2, 3] a parameter");
        assertThat(x.matmul(Variable.constant(Tensor.zeros(3, 1))).toString()).isEqualTo("Variable[2, 1] output of 'matmul'");
    }
}
