package l2l.metalearner.coordinatewise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.autodiff.GradientCheck;
import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

/**
 * Checks the meta-gradient of an unroll against finite differences. The gradients fed to the LSTM
 * are constants in the meta-gradient, so the finite differences replay the gradients recorded at
 * the unperturbed weights instead of recomputing them.
 */
class MetaGradientTest {

    private static final int UNROLL = 3;

    private final LstmOptimizerConfig config = new LstmOptimizerConfig(3, true, 10, 0.1);
    private final Problem problem = new ScaledSquares(2, 3).sample(5, UNROLL);

    /** Returns the meta-loss of an unroll that feeds the given gradients to the LSTM instead of computing them. */
    private Variable replayedMetaLoss(List<Variable> weights, List<Tensor> gradients, MetaLoss kind) {
        CoordinatewiseLstm network = CoordinatewiseLstm.of(config, weights);
        Variable theta = Variable.constant(problem.initialParameters());
        LstmOptimizerState state = network.initialState(theta.value().size());
        Variable metaLoss = null;
        for (int k = 0; k < UNROLL; k++) {
            CoordinatewiseLstm.Step step = network.step(gradients.get(k), state);
            theta = theta.add(step.update());
            state = step.state();
            Variable mean = problem.losses(theta, k + 1).mean();
            Variable term = kind == MetaLoss.LOG ? mean.log() : mean;
            metaLoss = metaLoss == null ? term : metaLoss.add(term);
        }
        return metaLoss;
    }

    /** Returns the gradients an unroll with the given weights feeds the LSTM. */
    private List<Tensor> recordedGradients(LstmOptimizerWeights weights) {
        CoordinatewiseLstm network = CoordinatewiseLstm.constants(weights);
        Variable theta = Variable.parameter(problem.initialParameters());
        LstmOptimizerState state = network.initialState(theta.value().size());
        List<Tensor> gradients = new ArrayList<>();
        for (int k = 0; k < UNROLL; k++) {
            Tensor gradient = Gradients.of(problem.losses(theta, k).sum(), List.of(theta), false).get(0).value();
            gradients.add(gradient);
            CoordinatewiseLstm.Step step = network.step(gradient, state);
            theta = Variable.parameter(theta.value().add(step.update().value()));
            state = step.state();
        }
        return gradients;
    }

    @Test
    void metaGradientMatchesFiniteDifferences() throws Exception {
        checkAgainstFiniteDifferences(MetaLoss.SUM);
    }

    @Test
    void logMetaGradientMatchesFiniteDifferences() throws Exception {
        checkAgainstFiniteDifferences(MetaLoss.LOG);
    }

    private void checkAgainstFiniteDifferences(MetaLoss kind) throws Exception {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(config, new TensorRandom(3));
        List<Tensor> gradients = recordedGradients(weights);
        Tensor[] tensors = weights.tensors().values().toArray(Tensor[]::new);

        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);
        Unroll.Result unroll = Unroll.run(network, problem, problem.initialParameters(), network.initialState(6), 0, UNROLL, kind);
        List<Variable> metaGradient = Gradients.of(unroll.metaLoss(), network.weightVariables(), false);

        GradientCheck.verify(variables -> replayedMetaLoss(variables, gradients, kind), new Tolerance(1e-8, 1e-6), tensors);
        List<Variable> replayed = new ArrayList<>();
        for (Tensor tensor : tensors) {
            replayed.add(Variable.parameter(tensor));
        }
        Variable replayedLoss = replayedMetaLoss(replayed, gradients, kind);
        assertThat(unroll.metaLoss().value().item()).isCloseTo(replayedLoss.value().item(), offset(1e-12));
        List<Variable> replayedGradient = Gradients.of(replayedLoss, replayed, false);
        Tolerance tight = new Tolerance(1e-12, 1e-10);
        for (int k = 0; k < tensors.length; k++) {
            assertThat(tight.mismatch(metaGradient.get(k).value(), replayedGradient.get(k).value()))
                    .as(LstmOptimizerWeights.names().get(k)).isEmpty();
        }
    }

    @Test
    void metaGradientIsNotZero() throws Exception {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(config, new TensorRandom(3));
        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);

        Unroll.Result unroll = Unroll.run(network, problem, problem.initialParameters(), network.initialState(6), 0, UNROLL);
        List<Variable> metaGradient = Gradients.of(unroll.metaLoss(), network.weightVariables(), false);

        for (int k = 0; k < metaGradient.size(); k++) {
            assertThat(metaGradient.get(k).value().abs().sum().item()).as(LstmOptimizerWeights.names().get(k)).isPositive();
        }
        assertThat(unroll.meanLosses()).hasSize(UNROLL);
        assertThat(unroll.metaLoss().value().item()).isCloseTo(unroll.meanLosses()[0] + unroll.meanLosses()[1] + unroll.meanLosses()[2],
                offset(1e-12));
    }

    @Test
    void logMetaLossSumsLogLosses() throws Exception {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(config, new TensorRandom(3));
        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);

        Unroll.Result sum = Unroll.run(network, problem, problem.initialParameters(), network.initialState(6), 0, UNROLL, MetaLoss.SUM);
        Unroll.Result log = Unroll.run(network, problem, problem.initialParameters(), network.initialState(6), 0, UNROLL, MetaLoss.LOG);

        assertThat(log.meanLosses()).containsExactly(sum.meanLosses());
        double expected = Math.log(sum.meanLosses()[0]) + Math.log(sum.meanLosses()[1]) + Math.log(sum.meanLosses()[2]);
        assertThat(log.metaLoss().value().item()).isCloseTo(expected, offset(1e-12));
        assertThat(log.parameters()).isEqualTo(sum.parameters());
    }
}
