package l2l.learners.golden;

import java.util.Map;

import l2l.autodiff.Variable;
import l2l.metalearner.coordinatewise.CoordinatewiseLstm;
import l2l.metalearner.coordinatewise.LstmOptimizerState;
import l2l.tensor.Tensor;

/**
 * {@code l2l.optimizer_step}: one step of the coordinate-wise LSTM optimizer, from the gradient
 * and the states of both layers to the update and the new states.
 */
final class OptimizerStepKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        CoordinatewiseLstm network = CoordinatewiseLstm.constants(OptimizerWeights.read(goldenCase));
        LstmOptimizerState state = new LstmOptimizerState(Variable.constant(goldenCase.input("h0")),
                Variable.constant(goldenCase.input("c0")), Variable.constant(goldenCase.input("h1")),
                Variable.constant(goldenCase.input("c1")));

        CoordinatewiseLstm.Step step = network.step(goldenCase.input("grad"), state);

        return Map.of("update", step.update().value(), "h0", step.state().h0().value(), "c0", step.state().c0().value(),
                "h1", step.state().h1().value(), "c1", step.state().c1().value());
    }
}
