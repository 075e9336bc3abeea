package l2l.learners.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.learners.fewshot.ConvNetLearner;
import l2l.metalearner.problem.ParameterBlock;
import l2l.tensor.Tensor;

/**
 * {@code learner.conv_block_net}: the few-shot convolutional network, {@link ConvNetLearner},
 * with batch normalisation on the batch's statistics. Its flat parameter vector is assembled from
 * the case's named weights through the learner's layout, whose block names are those of the case.
 * The outputs are the logits, the loss and the gradient of every weight.
 */
final class ConvBlockNetKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        Tensor inputs = goldenCase.input("x");
        int[] imageShape = {inputs.dim(1), inputs.dim(2), inputs.dim(3)};
        ConvNetLearner learner = new ConvNetLearner(imageShape, goldenCase.configInteger("classes"), goldenCase.configInteger("blocks"),
                goldenCase.configInteger("channels"), goldenCase.configNumber("bn_eps"));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (ParameterBlock block : learner.layout().blocks()) {
            weights.put(block.name(), goldenCase.input(block.name()));
        }
        Variable parameters = Variable.parameter(learner.layout().join(weights));

        Variable logits = learner.logits(parameters, inputs);
        Variable loss = NeuralOps.softmaxCrossEntropy(logits, NeuralOps.labels(goldenCase.input("y")));
        loss.backward();

        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("logits", logits.value());
        outputs.put("loss", loss.value());
        for (Map.Entry<String, Tensor> gradient : learner.layout().split(parameters.grad()).entrySet()) {
            outputs.put("grad." + gradient.getKey(), gradient.getValue());
        }
        return outputs;
    }
}
