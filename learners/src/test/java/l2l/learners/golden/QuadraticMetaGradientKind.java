package l2l.learners.golden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.learners.QuadraticProblem;
import l2l.metalearner.coordinatewise.CoordinatewiseLstm;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.metalearner.coordinatewise.NonFiniteLossException;
import l2l.metalearner.coordinatewise.Unroll;
import l2l.tensor.Tensor;

/**
 * {@code l2l.meta_gradient.quadratic}: one unroll of {@code unroll} steps of the learned optimizer
 * on a batch of quadratics from zero states, with the meta-loss, the final parameters and the
 * first-order meta-gradient of every optimizer weight.
 */
final class QuadraticMetaGradientKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        int unroll = goldenCase.configInteger("unroll");
        Tensor start = goldenCase.input("theta0");
        QuadraticProblem problem = QuadraticProblem.of(goldenCase.input("W"), goldenCase.input("y"), start, unroll);
        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(OptimizerWeights.read(goldenCase));

        Unroll.Result result;
        try {
            result = Unroll.run(network, problem, problem.initialParameters(), network.initialState(start.size()), 0, unroll);
        } catch (NonFiniteLossException e) {
            throw new IllegalStateException(goldenCase.file() + ": " + e.getMessage(), e);
        }
        List<Variable> gradients = Gradients.of(result.metaLoss(), network.weightVariables(), false);

        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("meta_loss", result.metaLoss().value());
        outputs.put("theta_T", result.parameters().reshape(start.shape()));
        for (int k = 0; k < gradients.size(); k++) {
            outputs.put("grad." + LstmOptimizerWeights.names().get(k), gradients.get(k).value());
        }
        return outputs;
    }
}
