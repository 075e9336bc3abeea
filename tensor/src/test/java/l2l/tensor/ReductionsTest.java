package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReductionsTest {

    private static final Tolerance TIGHT = new Tolerance(1e-14, 1e-14);

    private static Tensor sequence(int... shape) {
        double[] values = new double[Shapes.size(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        return Tensor.of(values, shape);
    }

    @Test
    void sumOfAllElements() {
        assertThat(sequence(3, 4).sum()).isEqualTo(Tensor.scalar(78));
        assertThat(Tensor.zeros(0).sum().item()).isZero();
        assertThat(sequence(7).sum().item()).isEqualTo(28.0);
    }

    @Test
    void sumAlongAxis() {
        Tensor x = sequence(2, 3);

        assertThat(x.sum(0, false)).isEqualTo(Tensor.vector(5, 7, 9));
        assertThat(x.sum(1, false)).isEqualTo(Tensor.vector(6, 15));
        assertThat(x.sum(-1, true)).isEqualTo(Tensor.of(new double[] {6, 15}, 2, 1));
        assertThat(sequence(2, 3, 4).sum(1, false).get(1, 2)).isEqualTo(15 + 19 + 23.0);
    }

    @Test
    void meanWholeAndAlongAxis() {
        Tensor x = sequence(2, 3);

        assertThat(x.mean().item()).isEqualTo(3.5);
        assertThat(x.mean(0, false)).isEqualTo(Tensor.vector(2.5, 3.5, 4.5));
        assertThat(x.mean(1, true)).isEqualTo(Tensor.of(new double[] {2, 5}, 2, 1));
        assertThatThrownBy(() -> Tensor.zeros(0).mean())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mean: tensor of shape [0] is empty");
    }

    @Test
    void maxAndArgmaxAlongAxis() {
        Tensor x = Tensor.matrix(new double[][] {{1, 5, 3}, {7, 2, 7}});

        assertThat(x.max(1, false)).isEqualTo(Tensor.vector(5, 7));
        assertThat(x.max(0, true)).isEqualTo(Tensor.matrix(new double[][] {{7, 5, 7}}));
        assertThat(x.argmax(1)).containsExactly(1, 0);
        assertThat(x.argmax(0)).containsExactly(1, 0, 1);
    }

    @Test
    void argmaxFindsNan() {
        assertThat(Tensor.vector(1, Double.NaN, 3).argmax(0)).containsExactly(1);
    }

    @Test
    void argmaxRejectsEmptyAxis() {
        assertThatThrownBy(() -> Tensor.zeros(2, 0).argmax(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmax: axis 1 of shape [2, 0] is empty");
    }

    @Test
    void axisOutOfRangeRejected() {
        assertThatThrownBy(() -> sequence(2, 3).sum(2, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sum: axis 2 is out of range for rank 2");
    }

    @Test
    void logSoftmaxStableForLargeValues() {
        Tensor logits = Tensor.matrix(new double[][] {{1000, 1001, 1002}, {-5, 0, 5}});

        Tensor logProbabilities = logits.logSoftmax(1);

        double firstLogSum = Math.log(Math.exp(-2) + Math.exp(-1) + 1);
        double secondLogSum = Math.log(Math.exp(-10) + Math.exp(-5) + 1);
        Tensor expected = Tensor.matrix(new double[][] {
            {-2 - firstLogSum, -1 - firstLogSum, -firstLogSum},
            {-10 - secondLogSum, -5 - secondLogSum, -secondLogSum}});
        assertThat(TIGHT.mismatch(logProbabilities, expected)).isEmpty();
        assertThat(TIGHT.mismatch(logits.softmax(1).sum(1, false), Tensor.vector(1, 1))).isEmpty();
    }

    @Test
    void softmaxAlongFirstAxis() {
        Tensor x = Tensor.matrix(new double[][] {{0, 1}, {0, 3}});

        Tensor probabilities = x.softmax(0);

        assertThat(TIGHT.mismatch(probabilities, Tensor.matrix(new double[][] {{0.5, 1 / (1 + Math.exp(2))}, {0.5, 1 / (1 + Math.exp(-2))}})))
                .isEmpty();
    }

    @Test
    void sumToReducesStretchedAxes() {
        Tensor x = sequence(2, 3, 4);

        assertThat(x.sumTo(4)).isEqualTo(x.sum(0, false).sum(0, false));
        assertThat(x.sumTo(3, 1)).isEqualTo(x.sum(0, false).sum(1, true));
        assertThat(x.sumTo(2, 1, 4)).isEqualTo(x.sum(1, true));
        assertThat(x.sumTo()).isEqualTo(x.sum());
        assertThat(x.sumTo(2, 3, 4)).isSameAs(x);
    }

    @Test
    void sumToIsAdjointOfBroadcastTo() {
        Tensor small = Tensor.of(new double[] {0.5, -1, 2}, 3, 1);
        Tensor large = sequence(2, 3, 4);

        double left = small.broadcastTo(2, 3, 4).mul(large).sum().item();
        double right = small.mul(large.sumTo(3, 1)).sum().item();

        assertThat(left).isEqualTo(right);
    }

    @Test
    void sumToRejectsIncompatibleShape() {
        assertThatThrownBy(() -> sequence(2, 3).sumTo(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sumTo: shape [2, 3] cannot be summed to [2]");
        assertThatThrownBy(() -> sequence(3).sumTo(2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sumTo: shape [3] cannot be summed to [2, 3]");
    }

    @Test
    void broadcastToRepeats() {
        Tensor row = Tensor.vector(1, 2);

        assertThat(row.broadcastTo(3, 2)).isEqualTo(Tensor.matrix(new double[][] {{1, 2}, {1, 2}, {1, 2}}));
        assertThat(Tensor.of(new double[] {1, 2}, 2, 1).broadcastTo(2, 3))
                .isEqualTo(Tensor.matrix(new double[][] {{1, 1, 1}, {2, 2, 2}}));
        assertThat(Tensor.scalar(-0.0).broadcastTo(2).getFlat(1)).isEqualTo(-0.0);
        assertThatThrownBy(() -> row.broadcastTo(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broadcastTo: shape [2] cannot be broadcast to [3]");
    }
}
