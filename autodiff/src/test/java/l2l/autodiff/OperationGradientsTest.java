package l2l.autodiff;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/** A finite-difference check of the backward rule of every operation of {@link Variable}. */
class OperationGradientsTest {

    private final TensorRandom random = new TensorRandom(21);

    private Tensor normal(int... shape) {
        return random.normal(0, 1, shape);
    }

    /** Returns values in {@code [0.5, 2)}, away from the kinks and poles of the operations at 0. */
    private Tensor positive(int... shape) {
        return random.uniform(0.5, 2, shape);
    }

    /** Returns values at least 0.1 away from 0, with random signs. */
    private Tensor awayFromZero(int... shape) {
        Tensor magnitude = random.uniform(0.1, 2, shape);
        Tensor sign = random.uniform(-1, 1, shape).sign();
        return magnitude.mul(sign);
    }

    private static void check(Function<List<Variable>, Variable> function, Tensor... inputs) {
        GradientCheck.verify(function, inputs);
    }

    @Test
    void addWithBroadcasting() {
        check(v -> v.get(0).add(v.get(1)), normal(3, 4), normal(3, 4));
        check(v -> v.get(0).add(v.get(1)), normal(3, 4), normal());
        check(v -> v.get(0).add(v.get(1)), normal(3, 4), normal(4));
        check(v -> v.get(0).add(v.get(1)), normal(3, 4), normal(3, 1));
        check(v -> v.get(0).add(v.get(1)), normal(2, 3, 2, 2), normal(3, 1, 1));
    }

    @Test
    void subWithBroadcasting() {
        check(v -> v.get(0).sub(v.get(1)), normal(3, 4), normal(4));
        check(v -> v.get(0).sub(v.get(1)), normal(3, 1), normal(1, 4));
    }

    @Test
    void mulWithBroadcasting() {
        check(v -> v.get(0).mul(v.get(1)), normal(3, 4), normal(3, 4));
        check(v -> v.get(0).mul(v.get(1)), normal(3, 4), normal());
        check(v -> v.get(0).mul(v.get(1)), normal(3, 4), normal(3, 1));
        check(v -> v.get(0).mul(v.get(1)), normal(2, 3, 2, 2), normal(3, 1, 1));
    }

    @Test
    void divWithBroadcasting() {
        check(v -> v.get(0).div(v.get(1)), normal(3, 4), awayFromZero(3, 4));
        check(v -> v.get(0).div(v.get(1)), normal(3, 4), awayFromZero(4));
        check(v -> v.get(0).div(v.get(1)), normal(3, 4), awayFromZero(3, 1));
    }

    @Test
    void scalarArithmetic() {
        check(v -> v.get(0).add(2.5).mul(-1.5).sub(0.5).div(4), normal(2, 3));
        check(v -> v.get(0).neg(), normal(5));
    }

    @Test
    void reusedVariable() {
        check(v -> v.get(0).mul(v.get(0)), normal(4));
        check(v -> v.get(0).mul(v.get(0)).add(v.get(0)).mul(v.get(0).exp()), normal(2, 2));
    }

    @Test
    void smoothUnaryMaps() {
        check(v -> v.get(0).exp(), normal(2, 3));
        check(v -> v.get(0).log(), positive(2, 3));
        check(v -> v.get(0).tanh(), normal(2, 3));
        check(v -> v.get(0).sigmoid(), normal(2, 3));
        check(v -> v.get(0).sqrt(), positive(2, 3));
        check(v -> v.get(0).square(), normal(2, 3));
    }

    @Test
    void piecewiseUnaryMaps() {
        check(v -> v.get(0).relu(), awayFromZero(3, 4));
        check(v -> v.get(0).abs(), awayFromZero(3, 4));
        check(v -> v.get(0).sign().add(v.get(0)), awayFromZero(3, 4));
        check(v -> v.get(0).clamp(-0.05, 0.05), awayFromZero(3, 4));
        check(v -> v.get(0).clamp(-10, 10), normal(3, 4));
    }

    @Test
    void reductions() {
        check(v -> v.get(0).sum(), normal(3, 4));
        check(v -> v.get(0).sum(0, false), normal(3, 4));
        check(v -> v.get(0).sum(-1, true), normal(2, 3, 4));
        check(v -> v.get(0).mean(), normal(3, 4));
        check(v -> v.get(0).mean(1, false), normal(3, 4));
        check(v -> v.get(0).max(1, false), normal(3, 5));
        check(v -> v.get(0).max(0, true), normal(4, 2, 3));
    }

    @Test
    void softmaxFamily() {
        check(v -> v.get(0).softmax(1), normal(3, 5));
        check(v -> v.get(0).softmax(0), normal(3, 5));
        check(v -> v.get(0).logSoftmax(1), normal(3, 5));
        check(v -> v.get(0).logSoftmax(-1), normal(2, 2, 4));
    }

    @Test
    void broadcastAndSumTo() {
        check(v -> v.get(0).broadcastTo(3, 4), normal(4));
        check(v -> v.get(0).broadcastTo(2, 3, 4), normal(3, 1));
        check(v -> v.get(0).sumTo(4), normal(3, 4));
        check(v -> v.get(0).sumTo(3, 1, 1), normal(2, 3, 2, 2));
    }

    @Test
    void matrixProducts() {
        check(v -> v.get(0).matmul(v.get(1)), normal(3, 4), normal(4, 5));
        check(v -> v.get(0).transposedMatmul(v.get(1)), normal(4, 3), normal(4, 5));
        check(v -> v.get(0).matmulTransposed(v.get(1)), normal(3, 4), normal(5, 4));
    }

    @Test
    void batchedMatrixProducts() {
        check(v -> v.get(0).matmul(v.get(1)), normal(2, 3, 4), normal(2, 4, 5));
        check(v -> v.get(0).matmul(v.get(1)), normal(3, 4), normal(2, 4, 5));
        check(v -> v.get(0).matmul(v.get(1)), normal(2, 3, 4), normal(4, 5));
        check(v -> v.get(0).transposedMatmul(v.get(1)), normal(2, 4, 3), normal(4, 5));
        check(v -> v.get(0).matmulTransposed(v.get(1)), normal(2, 3, 4), normal(2, 5, 4));
        check(v -> v.get(0).matmulTransposed(v.get(1)), normal(3, 4), normal(2, 5, 4));
    }

    @Test
    void reshapeAndPermutations() {
        check(v -> v.get(0).reshape(4, 3), normal(3, 4));
        check(v -> v.get(0).flatten(), normal(3, 4));
        check(v -> v.get(0).transpose(), normal(3, 4));
        check(v -> v.get(0).transpose(0, 2), normal(2, 3, 4));
        check(v -> v.get(0).permute(2, 0, 1), normal(2, 3, 4));
    }

    @Test
    void sliceConcatGatherScatter() {
        check(v -> v.get(0).slice(1, 1, 3), normal(3, 4));
        check(v -> Variable.concat(1, v.get(0), v.get(1), v.get(0)), normal(3, 2), normal(3, 1));
        check(v -> v.get(0).gather(0, new int[] {2, 0, 2}), normal(3, 4));
        check(v -> v.get(0).scatterAdd(1, new int[] {1, 1, 0}, 2), normal(2, 3));
    }
}
