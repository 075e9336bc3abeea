package l2l.learners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.coordinatewise.CoordinatewiseLstm;
import l2l.metalearner.coordinatewise.LstmOptimizerConfig;
import l2l.metalearner.coordinatewise.LstmOptimizerState;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.metalearner.coordinatewise.Unroll;
import l2l.tensor.Tensor;

class LstmOptimizerGoldenTest {

    private static LstmOptimizerWeights weights(GoldenFiles.Case golden) {
        LstmOptimizerConfig config = new LstmOptimizerConfig((int) golden.number("hidden"), true, golden.number("p"),
                golden.number("output_scale"));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : LstmOptimizerWeights.names()) {
            tensors.put(name, golden.inputs().get(name));
        }
        return LstmOptimizerWeights.of(config, tensors);
    }

    private static void check(GoldenFiles.Case golden, Map<String, Tensor> actual) {
        assertThat(actual.keySet()).as("%s outputs", golden.file()).containsAll(golden.expected().keySet());
        golden.expected().forEach((name, expected) ->
                assertThat(golden.tolerance().mismatch(actual.get(name), expected)).as("%s %s", golden.file().getFileName(), name).isEmpty());
    }

    @Test
    void optimizerStepMatchesPytorch() throws Exception {
        List<GoldenFiles.Case> cases = GoldenFiles.ofKind("l2l.optimizer_step");
        assertThat(cases).isNotEmpty();
        for (GoldenFiles.Case golden : cases) {
            Map<String, Tensor> in = golden.inputs();
            CoordinatewiseLstm network = CoordinatewiseLstm.constants(weights(golden));
            LstmOptimizerState state = new LstmOptimizerState(Variable.constant(in.get("h0")), Variable.constant(in.get("c0")),
                    Variable.constant(in.get("h1")), Variable.constant(in.get("c1")));

            CoordinatewiseLstm.Step step = network.step(in.get("grad"), state);

            check(golden, Map.of("update", step.update().value(), "h0", step.state().h0().value(), "c0", step.state().c0().value(),
                    "h1", step.state().h1().value(), "c1", step.state().c1().value()));
        }
    }

    @Test
    void quadraticMetaGradientMatchesPytorch() throws Exception {
        List<GoldenFiles.Case> cases = GoldenFiles.ofKind("l2l.meta_gradient.quadratic");
        assertThat(cases).isNotEmpty();
        for (GoldenFiles.Case golden : cases) {
            Map<String, Tensor> in = golden.inputs();
            int unroll = (int) golden.number("unroll");
            QuadraticProblem problem = QuadraticProblem.of(in.get("W"), in.get("y"), in.get("theta0"), unroll);
            CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights(golden));

            Unroll.Result result = Unroll.run(network, problem, problem.initialParameters(),
                    network.initialState(problem.initialParameters().size()), 0, unroll);
            List<Variable> gradients = Gradients.of(result.metaLoss(), network.weightVariables(), false);

            Map<String, Tensor> actual = new LinkedHashMap<>();
            actual.put("meta_loss", result.metaLoss().value());
            actual.put("theta_T", result.parameters().reshape(in.get("theta0").shape()));
            for (int k = 0; k < gradients.size(); k++) {
                actual.put("grad." + LstmOptimizerWeights.names().get(k), gradients.get(k).value());
            }
            check(golden, actual);
        }
    }
}
