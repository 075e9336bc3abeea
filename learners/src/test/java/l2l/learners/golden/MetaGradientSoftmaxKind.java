package l2l.learners.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.learners.linear.SoftmaxRegression;
import l2l.metalearner.fewshot.FewShotTask;
import l2l.metalearner.fewshot.GradientOrder;
import l2l.metalearner.fewshot.MetaLearner;
import l2l.metalearner.problem.ParameterBlock;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.Tensor;

/**
 * {@code metalstm.meta_gradient.softmax}: the first-order meta-gradient of the meta-learner
 * adapting a softmax-regression learner for {@code steps} steps on the support set, from
 * {@code c0}. The outputs are the query loss after the last step, {@code theta_T} and the gradient
 * of the loss with respect to every meta-learner weight and {@code c0}, under the names the
 * meta-learner's layout uses.
 */
final class MetaGradientSoftmaxKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        Tensor support = goldenCase.input("x_support");
        Tensor c0 = goldenCase.input("c0");
        int features = support.dim(1);
        int classes = c0.size() / (features + 1);
        SoftmaxRegression learner = new SoftmaxRegression(new int[] {features}, classes);
        MetaLearner meta = new MetaLearner(goldenCase.configInteger("hidden"), learner.parameterCount());
        Map<String, Tensor> parts = new LinkedHashMap<>();
        for (ParameterBlock block : meta.layout().blocks()) {
            parts.put(block.name(), goldenCase.input(block.name()));
        }
        Variable parameters = Variable.parameter(meta.layout().join(parts));
        FewShotTask task = new FewShotTask(0, support, NeuralOps.labels(goldenCase.input("y_support")), goldenCase.input("x_query"),
                NeuralOps.labels(goldenCase.input("y_query")), classes);

        MetaLearner.Adaptation adaptation = meta.adapt(parameters, learner, task, goldenCase.configInteger("steps"),
                goldenCase.configNumber("p"), GradientOrder.FIRST, new RunningStatistics(1));
        Variable loss = learner.loss(adaptation.theta(), task.query(), task.queryLabels());
        loss.backward();

        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("meta_loss", loss.value());
        outputs.put("theta_T", adaptation.theta().value());
        for (Map.Entry<String, Tensor> gradient : meta.layout().split(parameters.grad()).entrySet()) {
            outputs.put("grad." + gradient.getKey(), gradient.getValue());
        }
        return outputs;
    }
}
