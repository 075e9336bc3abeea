package l2l.metalearner.fewshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.NoGrad;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.NormalizationMode;
import l2l.metalearner.problem.ParameterLayout;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.GradientPreprocessing;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class MetaLearnerTest {

    private static final double STEP = 1e-6;
    private static final Tolerance FINITE_DIFFERENCE = new Tolerance(1e-7, 1e-5);

    private final LinearLearner learner = new LinearLearner(3, 2);
    private final MetaLearner meta = new MetaLearner(3, learner.parameterCount());
    private final FewShotTask task = LinearLearner.task(0, 3, 2, 3, new TensorRandom(11));

    private double queryLoss(Tensor parameters, Learner inner, GradientOrder order) {
        MetaLearner.Adaptation adaptation = meta.adapt(Variable.constant(parameters), inner, task, 3, 10, order, new RunningStatistics(0.1));
        return learner.loss(adaptation.theta(), task.query(), task.queryLabels()).value().item();
    }

    private Tensor metaGradient(Tensor parameters, Learner inner, GradientOrder order) {
        Variable variable = Variable.parameter(parameters);
        MetaLearner.Adaptation adaptation = meta.adapt(variable, inner, task, 3, 10, order, new RunningStatistics(0.1));
        learner.loss(adaptation.theta(), task.query(), task.queryLabels()).backward();
        return variable.grad();
    }

    /** Returns the central finite differences of the query loss at {@code parameters}, coordinate by coordinate. */
    private Tensor finiteDifferences(Tensor parameters, Learner inner, GradientOrder order) {
        double[] values = parameters.toArray();
        double[] gradient = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double original = values[i];
            values[i] = original + STEP;
            double plus = queryLoss(Tensor.vector(values), inner, order);
            values[i] = original - STEP;
            double minus = queryLoss(Tensor.vector(values), inner, order);
            values[i] = original;
            gradient[i] = (plus - minus) / (2 * STEP);
        }
        return Tensor.vector(gradient);
    }

    /**
     * A learner whose support loss has the value and gradient recorded at fixed points, whatever the
     * parameters: the first-order meta-gradient is the exact gradient of the unroll with these inputs held fixed.
     */
    private static final class FrozenLearner implements Learner {

        private final Learner delegate;
        private final List<Tensor> losses = new ArrayList<>();
        private final List<Tensor> gradients = new ArrayList<>();
        private int calls;

        FrozenLearner(Learner delegate, Tensor parameters, MetaLearner meta, FewShotTask task) {
            this.delegate = delegate;
            Learner recorder = new Learner() {
                @Override public String name() { return "recorder"; }
                @Override public int[] inputShape() { return delegate.inputShape(); }
                @Override public int classes() { return delegate.classes(); }
                @Override public ParameterLayout layout() { return delegate.layout(); }
                @Override public Tensor initialParameters(TensorRandom random) { return delegate.initialParameters(random); }
                @Override public Variable logits(Variable p, Tensor inputs) { return delegate.logits(p, inputs); }

                @Override
                public Variable loss(Variable p, Tensor inputs, int[] labels, NormalizationMode mode, RunningStatistics statistics) {
                    Variable loss = delegate.loss(p, inputs, labels);
                    losses.add(loss.value());
                    gradients.add(l2l.autodiff.Gradients.of(loss, List.of(p), false).get(0).value());
                    return delegate.loss(p, inputs, labels);
                }
            };
            meta.adapt(Variable.constant(parameters), recorder, task, 3, 10, GradientOrder.FIRST, new RunningStatistics(0.1));
        }

        @Override public String name() { return "frozen"; }
        @Override public int[] inputShape() { return delegate.inputShape(); }
        @Override public int classes() { return delegate.classes(); }
        @Override public ParameterLayout layout() { return delegate.layout(); }
        @Override public Tensor initialParameters(TensorRandom random) { return delegate.initialParameters(random); }
        @Override public Variable logits(Variable p, Tensor inputs) { return delegate.logits(p, inputs); }

        @Override
        public Variable loss(Variable p, Tensor inputs, int[] labels, NormalizationMode mode, RunningStatistics statistics) {
            int step = calls++ % losses.size();
            Variable offset = p.sub(Variable.constant(p.value())).mul(Variable.constant(gradients.get(step))).sum();
            return offset.add(Variable.constant(losses.get(step)));
        }
    }

    @Test
    void layoutHoldsSharedWeightsThenC0() {
        assertThat(meta.layout().blocks()).extracting(block -> block.name())
                .containsExactly("lstm.weight_ih", "lstm.weight_hh", "lstm.bias_ih", "lstm.bias_hh", "WF", "WI", "bF", "bI", "c0");
        MetaLearner standard = new MetaLearner(20, 28485);
        MetaLearner larger = new MetaLearner(20, 1_000_000);

        assertThat(standard.layout().size() - 28485).isEqualTo(80 * 4 + 80 * 20 + 80 + 80 + 22 + 22 + 1 + 1);
        assertThat(larger.layout().size() - 1_000_000).as("weights besides c0 do not grow with the learner").isEqualTo(2126);
    }

    @Test
    void initialisationFollowsAuthorsRanges() {
        Tensor parameters = meta.initialParameters(learner, new TensorRandom(4));
        Map<String, Tensor> parts = meta.layout().split(parameters);

        assertThat(parts.get("bF").item()).isBetween(4.0, 6.0);
        assertThat(parts.get("bI").item()).isBetween(-5.0, -4.0);
        assertThat(parts.get("WF").abs().max(0, false).item()).isLessThanOrEqualTo(0.01);
        assertThat(parts.get("WI").abs().max(0, false).item()).isLessThanOrEqualTo(0.01);
        assertThat(parts.get("lstm.weight_hh").abs().flatten().max(0, false).item()).isLessThanOrEqualTo(1 / Math.sqrt(3));
        assertThat(parts.get("lstm.weight_hh").abs().flatten().max(0, false).item()).isGreaterThan(0.1);
        assertThat(parameters).isEqualTo(meta.initialParameters(learner, new TensorRandom(4)));
    }

    @Test
    void firstStepStartsNearGradientDescent() {
        Tensor parameters = meta.initialParameters(learner, new TensorRandom(4));
        Tensor c0 = meta.layout().view(parameters, "c0");

        MetaLearner.Adaptation adaptation = meta.adapt(Variable.constant(parameters), learner, task, 1, 10, GradientOrder.FIRST,
                new RunningStatistics(0.1));

        Variable p = Variable.parameter(c0);
        Tensor gradient = l2l.autodiff.Gradients.of(learner.loss(p, task.support(), task.supportLabels()), List.of(p), false).get(0).value();
        Tensor step = adaptation.theta().value().sub(c0);
        // sigmoid(a_F) is about 0.99 and sigmoid(a_I) about 0.01, so theta_1 is close to c0 - 0.01 g.
        assertThat(step.add(gradient.mul(0.0125)).abs().flatten().max(0, false).item()).isLessThan(0.03);
        assertThat(adaptation.supportLosses()).hasSize(1);
    }

    @Test
    void firstOrderGradientMatchesFrozenUnroll() {
        Tensor parameters = meta.initialParameters(learner, new TensorRandom(6));
        FrozenLearner frozen = new FrozenLearner(learner, parameters, meta, task);

        Tensor analytic = metaGradient(parameters, learner, GradientOrder.FIRST);
        Tensor numeric = finiteDifferences(parameters, frozen, GradientOrder.FIRST);

        assertThat(FINITE_DIFFERENCE.mismatch(analytic, numeric)).isEmpty();
    }

    @Test
    void secondOrderGradientMatchesFiniteDifferences() {
        Tensor parameters = meta.initialParameters(learner, new TensorRandom(7));

        Tensor analytic = metaGradient(parameters, learner, GradientOrder.SECOND);
        Tensor numeric = finiteDifferences(parameters, learner, GradientOrder.SECOND);
        Tensor firstOrder = metaGradient(parameters, learner, GradientOrder.FIRST);

        assertThat(FINITE_DIFFERENCE.mismatch(analytic, numeric)).isEmpty();
        assertThat(FINITE_DIFFERENCE.mismatch(firstOrder, numeric)).as("first order drops terms, so it differs").isPresent();
    }

    @Test
    void differentiablePreprocessingMatchesConstantOne() {
        Tensor x = Tensor.vector(3.5, -0.02, 1e-6, -1e-7, 0, Math.exp(-10), -Math.exp(-10) * 0.999);

        Tensor differentiable = MetaLearner.preprocess(Variable.constant(x), 10).value();

        assertThat(new Tolerance(1e-15, 1e-14).mismatch(differentiable, GradientPreprocessing.preprocess(x, 10))).isEmpty();
    }

    @Test
    void resizedHeadUsesMeanOfLearnedRows() {
        LinearLearner fiveWay = new LinearLearner(2, 3);
        LinearLearner sevenWay = new LinearLearner(2, 7);
        Tensor c0 = Tensor.vector(1, 2, 3, 4, 5, 6, 0.5, 1, 3);

        Tensor resized = MetaLearner.resizeInitialParameters(c0, fiveWay.layout(), sevenWay.layout());

        Map<String, Tensor> parts = sevenWay.layout().split(resized);
        assertThat(parts.get("weight").shape()).containsExactly(7, 2);
        for (int row = 0; row < 7; row++) {
            assertThat(parts.get("weight").get(row, 0)).isEqualTo(3.0);
            assertThat(parts.get("weight").get(row, 1)).isEqualTo(4.0);
            assertThat(parts.get("bias").get(row)).isEqualTo(1.5);
        }
        assertThatThrownBy(() -> MetaLearner.resizeInitialParameters(c0, fiveWay.layout(), new LinearLearner(3, 7).layout()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MetaLearner: block 'weight' has shape [3, 2] in the trained learner and [7, 3] in the target; "
                        + "only the first (class) dimension may differ");
    }

    @Test
    void adaptRejectsMisuse() {
        Tensor parameters = meta.initialParameters(learner, new TensorRandom(4));

        assertThatThrownBy(() -> meta.adapt(Variable.constant(parameters), new LinearLearner(4, 2), task, 1, 10, GradientOrder.FIRST, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MetaLearner: built for a learner of 8 parameters, but linear has 10");
        try (NoGrad scope = NoGrad.enter()) {
            assertThatThrownBy(() -> meta.adapt(Variable.constant(parameters), learner, task, 1, 10, GradientOrder.FIRST, null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("MetaLearner.adapt: called inside a NoGrad scope");
        }
    }

    @Test
    void adaptedLearnerImprovesOnSupportSet() {
        Tensor parameters = meta.initialParameters(learner, new TensorRandom(4));
        Map<String, Tensor> parts = new java.util.LinkedHashMap<>(meta.layout().split(parameters));
        parts.put("bI", Tensor.vector(0));

        MetaLearner.Adaptation adaptation = meta.adapt(Variable.constant(meta.layout().join(parts)), learner, task, 5, 10,
                GradientOrder.FIRST, new RunningStatistics(0.1));

        double[] losses = adaptation.supportLosses();
        double after = NeuralOps.softmaxCrossEntropy(learner.logits(adaptation.theta(), task.support()), task.supportLabels()).value().item();
        assertThat(after).isLessThan(losses[0]);
        assertThat(losses[4]).isLessThan(losses[0]);
    }
}
