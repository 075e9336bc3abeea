package l2l.learners.golden;

import java.util.Map;

import l2l.autodiff.Variable;
import l2l.metalearner.fewshot.MetaCell;
import l2l.tensor.Tensor;

/**
 * {@code metalstm.cell_step}: one step of the meta-learner's meta cell, with the gate
 * pre-activations fed back: {@code (h, theta, f_prev, i_prev, grad) -> (theta_next, f_next, i_next)}.
 */
final class MetaCellStepKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        MetaCell.Output output = MetaCell.step(
                constant(goldenCase, "h"),
                constant(goldenCase, "theta"),
                constant(goldenCase, "f_prev"),
                constant(goldenCase, "i_prev"),
                constant(goldenCase, "grad"),
                constant(goldenCase, "WF"),
                constant(goldenCase, "WI"),
                constant(goldenCase, "bF"),
                constant(goldenCase, "bI"));
        return Map.of("theta_next", output.theta().value(), "f_next", output.forget().value(), "i_next", output.input().value());
    }

    private static Variable constant(GoldenCase goldenCase, String name) {
        return Variable.constant(goldenCase.input(name));
    }
}
