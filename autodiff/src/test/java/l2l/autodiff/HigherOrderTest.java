package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

/**
 * Hessian-vector products through every operation a learner uses, against central finite
 * differences of gradients: {@code H v ~ (g(x + h v) - g(x - h v)) / 2h}.
 */
class HigherOrderTest {

    private static final Tolerance SECOND_ORDER = new Tolerance(1e-6, 1e-5);
    private static final double STEP = 1e-5;

    private final TensorRandom random = new TensorRandom(81);

    /** Returns the Hessian-vector products of {@code loss} at {@code point} along {@code direction}, by double backward. */
    private static List<Tensor> hessianTimes(Function<List<Variable>, Variable> loss, List<Tensor> point, List<Tensor> direction) {
        List<Variable> parameters = new ArrayList<>();
        for (Tensor value : point) {
            parameters.add(Variable.parameter(value));
        }
        List<Variable> gradients = Gradients.of(loss.apply(parameters), parameters, true);
        Variable product = null;
        for (int k = 0; k < gradients.size(); k++) {
            Variable term = gradients.get(k).mul(Variable.constant(direction.get(k))).sum();
            product = product == null ? term : product.add(term);
        }
        List<Tensor> result = new ArrayList<>();
        for (Variable gradient : Gradients.of(product, parameters, false)) {
            result.add(gradient.value());
        }
        return result;
    }

    private static List<Tensor> gradientAt(Function<List<Variable>, Variable> loss, List<Tensor> point) {
        List<Variable> parameters = new ArrayList<>();
        for (Tensor value : point) {
            parameters.add(Variable.parameter(value));
        }
        List<Tensor> result = new ArrayList<>();
        for (Variable gradient : Gradients.of(loss.apply(parameters), parameters, false)) {
            result.add(gradient.value());
        }
        return result;
    }

    private void checkHessianVectorProduct(Function<List<Variable>, Variable> loss, Tensor... values) {
        List<Tensor> point = List.of(values);
        List<Tensor> direction = new ArrayList<>();
        List<Tensor> plus = new ArrayList<>();
        List<Tensor> minus = new ArrayList<>();
        for (Tensor value : values) {
            Tensor d = random.normal(0, 1, value.shape());
            direction.add(d);
            plus.add(value.add(d.mul(STEP)));
            minus.add(value.sub(d.mul(STEP)));
        }

        List<Tensor> analytic = hessianTimes(loss, point, direction);
        List<Tensor> gradientsPlus = gradientAt(loss, plus);
        List<Tensor> gradientsMinus = gradientAt(loss, minus);

        for (int k = 0; k < values.length; k++) {
            Tensor numeric = gradientsPlus.get(k).sub(gradientsMinus.get(k)).div(2 * STEP);
            assertThat(SECOND_ORDER.mismatch(analytic.get(k), numeric)).as("Hessian-vector product for input %d", k).isEmpty();
        }
    }

    @Test
    void elementwiseAndBroadcasting() {
        checkHessianVectorProduct(v -> v.get(0).mul(v.get(1)).tanh().add(v.get(0).sigmoid().div(v.get(1).square().add(1.0)))
                .sum().add(v.get(0).exp().mul(v.get(1)).sum()), random.normal(0, 1, 3, 4), random.normal(0, 1, 4));
    }

    @Test
    void matrixProductsAndReductions() {
        checkHessianVectorProduct(v -> v.get(0).matmul(v.get(1)).tanh().transposedMatmul(v.get(0)).square().mean()
                .add(v.get(0).matmulTransposed(v.get(0)).sigmoid().max(1, false).sum()),
                random.normal(0, 1, 3, 2), random.normal(0, 1, 2, 4));
    }

    @Test
    void layoutOperations() {
        checkHessianVectorProduct(v -> Variable.concat(1, v.get(0).slice(1, 1, 3), v.get(0).transpose().reshape(4, 3))
                .gather(0, new int[] {2, 0, 2}).permute(1, 0).square().sum().mul(v.get(0).sum()), random.normal(0, 1, 4, 3));
    }

    @Test
    void softmaxCrossEntropyAndLogSoftmax() {
        checkHessianVectorProduct(v -> NeuralOps.softmaxCrossEntropy(NeuralOps.linear(v.get(0), v.get(1), v.get(2)), new int[] {1, 0, 2})
                .add(v.get(0).logSoftmax(1).exp().square().sum()),
                random.normal(0, 1, 3, 4), random.normal(0, 1, 3, 4), random.normal(0, 1, 3));
    }

    @Test
    void convolutionBatchNormReluPool() {
        Tensor x = random.normal(0, 1, 2, 1, 5, 5);
        checkHessianVectorProduct(v -> {
            Variable features = NeuralOps.conv2d(v.get(0), v.get(1), v.get(2), 1, 1);
            Variable normalized = BatchNorm.training(features, v.get(3), v.get(4), 1e-5).output();
            Variable pooled = NeuralOps.maxPool2d(normalized.relu(), 2, 2);
            Variable logits = NeuralOps.linear(pooled.reshape(2, -1), v.get(5), null);
            return NeuralOps.softmaxCrossEntropy(logits, new int[] {1, 0});
        }, x, random.normal(0, 0.5, 2, 1, 3, 3), random.normal(0, 0.5, 2), random.normal(1, 0.2, 2), random.normal(0, 0.2, 2),
                random.normal(0, 0.5, 2, 8));
    }

    @Test
    void lstmCellThroughComposedBackward() {
        checkHessianVectorProduct(v -> {
            Lstm.State state = Lstm.cell(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6));
            return state.h().square().sum().add(state.c().tanh().sum());
        }, random.normal(0, 1, 3, 2), random.normal(0, 1, 3, 2), random.normal(0, 1, 3, 2), random.normal(0, 0.5, 8, 2),
                random.normal(0, 0.5, 8, 2), random.normal(0, 0.5, 8), random.normal(0, 0.5, 8));
    }
}
