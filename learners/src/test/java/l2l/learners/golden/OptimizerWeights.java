package l2l.learners.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.metalearner.coordinatewise.LstmOptimizerConfig;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.tensor.Tensor;

/** Reads the learned optimizer of a case: config {@code hidden}, {@code p}, {@code output_scale} and the weights by their PyTorch names. */
final class OptimizerWeights {

    private OptimizerWeights() {
    }

    static LstmOptimizerWeights read(GoldenCase goldenCase) {
        LstmOptimizerConfig config = new LstmOptimizerConfig(goldenCase.configInteger("hidden"), true, goldenCase.configNumber("p"),
                goldenCase.configNumber("output_scale"));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : LstmOptimizerWeights.names()) {
            tensors.put(name, goldenCase.input(name));
        }
        return LstmOptimizerWeights.of(config, tensors);
    }
}
