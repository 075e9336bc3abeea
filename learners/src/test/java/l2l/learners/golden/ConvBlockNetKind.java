package l2l.learners.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.autodiff.BatchNorm;
import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.tensor.Tensor;

/**
 * {@code learner.conv_block_net}: the few-shot convolutional network, composed here from the
 * autodiff layers. Each block is a 3x3 convolution (stride 1, padding 1, with bias), batch
 * normalisation with the statistics of the batch, ReLU and 2x2 max pooling (stride 2, rounding
 * down). The flattened features feed a linear layer, and the loss is the mean cross-entropy. The
 * outputs are the logits, the loss and the gradient of every parameter.
 */
final class ConvBlockNetKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        int blocks = goldenCase.configInteger("blocks");
        double eps = goldenCase.configNumber("bn_eps");
        Map<String, Variable> parameters = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            for (String suffix : new String[] {"conv.weight", "conv.bias", "bn.weight", "bn.bias"}) {
                names.add("block" + k + "." + suffix);
            }
        }
        names.add("fc.weight");
        names.add("fc.bias");
        for (String name : names) {
            parameters.put(name, Variable.parameter(goldenCase.input(name)));
        }

        Variable features = Variable.constant(goldenCase.input("x"));
        for (int k = 0; k < blocks; k++) {
            String block = "block" + k + ".";
            Variable convolved = NeuralOps.conv2d(features, parameters.get(block + "conv.weight"), parameters.get(block + "conv.bias"), 1, 1);
            Variable normalized = BatchNorm.training(convolved, parameters.get(block + "bn.weight"), parameters.get(block + "bn.bias"), eps)
                    .output();
            features = NeuralOps.maxPool2d(normalized.relu(), 2, 2);
        }
        int batch = features.shape()[0];
        Variable logits = NeuralOps.linear(features.reshape(batch, -1), parameters.get("fc.weight"), parameters.get("fc.bias"));
        Variable loss = NeuralOps.softmaxCrossEntropy(logits, NeuralOps.labels(goldenCase.input("y")));
        loss.backward();

        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("logits", logits.value());
        outputs.put("loss", loss.value());
        for (Map.Entry<String, Variable> entry : parameters.entrySet()) {
            outputs.put("grad." + entry.getKey(), entry.getValue().grad());
        }
        return outputs;
    }
}
