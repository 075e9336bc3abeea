package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static final Tolerance EXACT = new Tolerance(0, 0);

    /** Broadcasts by the NumPy rules one element at a time, through the public index accessors. */
    private static Tensor reference(Tensor a, Tensor b, DoubleBinaryOperator op) {
        int[] shape = Shapes.broadcast("reference", a.shape(), b.shape());
        double[] out = new double[Shapes.size(shape)];
        for (int position = 0; position < out.length; position++) {
            int[] index = Shapes.unravel(position, shape);
            out[position] = op.applyAsDouble(a.get(project(index, a.shape())), b.get(project(index, b.shape())));
        }
        return Tensor.of(out, shape);
    }

    private static int[] project(int[] index, int[] shape) {
        int[] projected = new int[shape.length];
        int shift = index.length - shape.length;
        for (int axis = 0; axis < shape.length; axis++) {
            projected[axis] = shape[axis] == 1 ? 0 : index[axis + shift];
        }
        return projected;
    }

    private static Tensor sequence(int... shape) {
        double[] values = new double[Shapes.size(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.5 + i * 0.25;
        }
        return Tensor.of(values, shape);
    }

    @Test
    void addSameShape() {
        Tensor sum = Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).add(Tensor.matrix(new double[][] {{10, 20}, {30, 40}}));

        assertThat(sum).isEqualTo(Tensor.matrix(new double[][] {{11, 22}, {33, 44}}));
    }

    @Test
    void broadcastScalar() {
        Tensor x = sequence(3, 4);

        assertThat(EXACT.mismatch(x.mul(Tensor.scalar(2)), reference(x, Tensor.scalar(2), (a, b) -> a * b))).isEmpty();
        assertThat(EXACT.mismatch(Tensor.scalar(2).sub(x), reference(Tensor.scalar(2), x, (a, b) -> a - b))).isEmpty();
    }

    @Test
    void broadcastRowVector() {
        Tensor x = sequence(3, 4);
        Tensor row = Tensor.vector(1, 2, 3, 4);

        Tensor sum = x.add(row);

        assertThat(sum.shape()).containsExactly(3, 4);
        assertThat(sum.get(2, 3)).isEqualTo(x.get(2, 3) + 4);
        assertThat(EXACT.mismatch(sum, reference(x, row, Double::sum))).isEmpty();
    }

    @Test
    void broadcastColumnVector() {
        Tensor x = sequence(3, 4);
        Tensor column = Tensor.of(new double[] {1, 2, 3}, 3, 1);

        Tensor quotient = x.div(column);

        assertThat(quotient.get(2, 1)).isEqualTo(x.get(2, 1) / 3);
        assertThat(EXACT.mismatch(quotient, reference(x, column, (a, b) -> a / b))).isEmpty();
    }

    @Test
    void broadcastTrailingChannels() {
        Tensor images = sequence(2, 3, 4, 5);
        Tensor perChannel = Tensor.of(new double[] {2, 3, 4}, 3, 1, 1);

        Tensor product = images.mul(perChannel);

        assertThat(product.shape()).containsExactly(2, 3, 4, 5);
        assertThat(product.get(1, 2, 3, 4)).isEqualTo(images.get(1, 2, 3, 4) * 4);
        assertThat(EXACT.mismatch(product, reference(images, perChannel, (a, b) -> a * b))).isEmpty();
    }

    @Test
    void broadcastBothOperandsStretch() {
        Tensor column = sequence(4, 1);
        Tensor row = sequence(1, 5);

        Tensor difference = column.sub(row);

        assertThat(difference.shape()).containsExactly(4, 5);
        assertThat(EXACT.mismatch(difference, reference(column, row, (a, b) -> a - b))).isEmpty();
    }

    @Test
    void broadcastMiddleAxis() {
        Tensor x = sequence(2, 3, 4);
        Tensor y = sequence(2, 1, 4);

        assertThat(EXACT.mismatch(x.add(y), reference(x, y, Double::sum))).isEmpty();
        assertThat(EXACT.mismatch(y.add(x), reference(y, x, Double::sum))).isEmpty();
    }

    @Test
    void broadcastMismatchNamesBothShapes() {
        assertThatThrownBy(() -> sequence(2, 3).add(sequence(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("add: shapes [2, 3] and [4] cannot be broadcast");
        assertThatThrownBy(() -> sequence(2, 3).mul(sequence(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mul: shapes [2, 3] and [2]");
    }

    @Test
    void scalarOperations() {
        Tensor x = Tensor.vector(1, -2, 4);

        assertThat(x.add(1)).isEqualTo(Tensor.vector(2, -1, 5));
        assertThat(x.sub(1)).isEqualTo(Tensor.vector(0, -3, 3));
        assertThat(x.mul(-2)).isEqualTo(Tensor.vector(-2, 4, -8));
        assertThat(x.div(4)).isEqualTo(Tensor.vector(0.25, -0.5, 1));
        assertThat(x.neg()).isEqualTo(Tensor.vector(-1, 2, -4));
    }

    @Test
    void divisionByZeroThrows() {
        assertThatThrownBy(() -> Tensor.vector(1, 2, 3).div(Tensor.vector(1, 0, 3)))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("div: division by zero")
                .hasMessageContaining("index [1]");
        assertThatThrownBy(() -> Tensor.vector(1, 2).div(0))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("div: division by zero");
    }

    @Test
    void logOfZeroThrows() {
        assertThatThrownBy(() -> Tensor.vector(1, 0).log())
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("log: element 0.0 at index [1] is not positive");
        assertThatThrownBy(() -> Tensor.vector(-1).log())
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("log: element -1.0");
    }

    @Test
    void sqrtOfNegativeThrows() {
        assertThatThrownBy(() -> Tensor.matrix(new double[][] {{4, -1}}).sqrt())
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("sqrt: element -1.0 at index [0, 1] is negative");
    }

    @Test
    void overflowFromFiniteInputsThrows() {
        assertThatThrownBy(() -> Tensor.vector(1, 800).exp())
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("exp: the result at index [1] is Infinity although every input is finite");
        assertThatThrownBy(() -> Tensor.vector(1e200).mul(Tensor.vector(1e200)))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("mul:");
        assertThatThrownBy(() -> Tensor.vector(1e200).square())
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("square:");
    }

    @Test
    void overflowInAnyBlockOfLargeResultThrows() {
        for (int index : new int[] {0, 40_000, 99_999}) {
            double[] values = new double[100_000];
            Arrays.fill(values, 1.0);
            values[index] = 1e200;

            assertThatThrownBy(() -> Tensor.vector(values).square())
                    .as("overflow at %d", index)
                    .isInstanceOf(ArithmeticException.class)
                    .hasMessageContaining("square: the result at index [" + index + "] is Infinity");
        }
    }

    @Test
    void nonFiniteInputsPropagate() {
        Tensor sum = Tensor.vector(Double.NaN, 1).add(Tensor.vector(1, Double.POSITIVE_INFINITY));

        assertThat(Double.isNaN(sum.getFlat(0))).isTrue();
        assertThat(sum.getFlat(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Double.isNaN(Tensor.vector(Double.NaN).log().item())).isTrue();
    }

    @Test
    void unaryMapsMatchMath() {
        double[] values = {-30, -3.5, -1, -1e-9, 0, 1e-300, 0.3, 1, 2.5, 19, 700};
        Tensor x = Tensor.vector(values);
        Tensor exp = x.exp();
        Tensor tanh = x.tanh();
        Tensor sigmoid = x.sigmoid();
        Tolerance fewUlps = new Tolerance(0, 1e-15);

        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            assertThat(fewUlps.accepts(exp.getFlat(i), Math.exp(v))).as("exp(%s) = %s", v, exp.getFlat(i)).isTrue();
            assertThat(fewUlps.accepts(tanh.getFlat(i), Math.tanh(v))).as("tanh(%s) = %s", v, tanh.getFlat(i)).isTrue();
            assertThat(fewUlps.accepts(sigmoid.getFlat(i), 1 / (1 + Math.exp(-v)))).as("sigmoid(%s) = %s", v, sigmoid.getFlat(i)).isTrue();
        }
    }

    @Test
    void piecewiseMaps() {
        Tensor x = Tensor.vector(-2, 0, 3);

        assertThat(x.relu()).isEqualTo(Tensor.vector(0, 0, 3));
        assertThat(x.abs()).isEqualTo(Tensor.vector(2, 0, 3));
        assertThat(x.sign()).isEqualTo(Tensor.vector(-1, 0, 1));
        assertThat(x.square()).isEqualTo(Tensor.vector(4, 0, 9));
        assertThat(Tensor.vector(4, 9).sqrt()).isEqualTo(Tensor.vector(2, 3));
        assertThat(x.clamp(-1, 1)).isEqualTo(Tensor.vector(-1, 0, 1));
        assertThat(x.greaterThan(0)).isEqualTo(Tensor.vector(0, 0, 1));
        assertThat(Tensor.vector(1, Math.E).log()).isEqualTo(Tensor.vector(0, 1));
    }

    @Test
    void clampRejectsInvertedBounds() {
        assertThatThrownBy(() -> Tensor.vector(1).clamp(2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clamp: min 2.0 must not exceed max 1.0");
    }

    @Test
    void emptyTensorsBroadcast() {
        Tensor empty = Tensor.zeros(0, 3);

        assertThat(empty.add(Tensor.vector(1, 2, 3)).shape()).containsExactly(0, 3);
    }

    @Test
    void largeOperationsIndependentOfThreads() {
        // 100,000 elements: four blocks of the parallel loops, the last one partial.
        TensorRandom values = new TensorRandom(7);
        Tensor x = values.normal(0, 3, 100, 1000);
        Tensor y = values.normal(0, 3, 100, 1000);
        int previous = Parallelism.threads();
        try {
            Parallelism.setThreads(1);
            Tensor[] oneThread = {x.add(y), x.mul(2.5), x.sigmoid(), x.tanh(), x.exp(), x.relu(), x.neg(), x.square()};
            Parallelism.setThreads(2);
            Tensor[] twoThreads = {x.add(y), x.mul(2.5), x.sigmoid(), x.tanh(), x.exp(), x.relu(), x.neg(), x.square()};

            for (int k = 0; k < oneThread.length; k++) {
                assertThat(twoThreads[k]).isEqualTo(oneThread[k]);
            }
            assertThat(oneThread[0].getFlat(99_999)).isEqualTo(x.getFlat(99_999) + y.getFlat(99_999));
            assertThat(oneThread[2].getFlat(65_537)).isEqualTo(1 / (1 + Math.exp(-x.getFlat(65_537))), within(1e-15));
        } finally {
            Parallelism.setThreads(previous);
        }
    }
}
