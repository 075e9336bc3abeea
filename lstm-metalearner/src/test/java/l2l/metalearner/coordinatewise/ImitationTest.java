package l2l.metalearner.coordinatewise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.autodiff.GradientCheck;
import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.optim.Nesterov;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class ImitationTest {

    private static final int UNROLL = 4;

    private final LstmOptimizerConfig config = new LstmOptimizerConfig(3, true, 10, 0.1);
    private final Problem problem = new ScaledSquares(2, 3).sample(5, UNROLL);
    private final LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(config, new TensorRandom(3));

    @TempDir
    Path folder;

    private static Optimizer teacher(int n) {
        Optimizer nag = new Nesterov(0.05);
        nag.reset(n);
        return nag;
    }

    private Unroll.Result imitate(CoordinatewiseLstm network) throws NonFiniteLossException {
        int n = problem.initialParameters().size();
        return Unroll.imitate(network, problem, teacher(n), problem.initialParameters(), network.initialState(n), 0, UNROLL);
    }

    @Test
    void teacherMovesTheParameters() throws Exception {
        Unroll.Result result = imitate(CoordinatewiseLstm.parameters(weights));

        Optimizer alone = teacher(6);
        Tensor theta = problem.initialParameters();
        double[] losses = new double[UNROLL];
        for (int k = 0; k < UNROLL; k++) {
            Variable point = Variable.parameter(theta);
            Tensor gradient = Gradients.of(problem.losses(point, k).sum(), List.of(point), false).get(0).value();
            theta = alone.step(theta, gradient);
            losses[k] = problem.losses(Variable.constant(theta), k + 1).mean().value().item();
        }
        assertThat(result.parameters().toArray()).containsExactly(theta.toArray());
        assertThat(result.meanLosses()).containsExactly(losses);
    }

    @Test
    void lossIsRelativeSquaredError() throws Exception {
        CoordinatewiseLstm network = CoordinatewiseLstm.constants(weights);
        Unroll.Result result = imitate(network);

        Optimizer alone = teacher(6);
        Tensor theta = problem.initialParameters();
        LstmOptimizerState state = network.initialState(6);
        double expected = 0;
        for (int k = 0; k < UNROLL; k++) {
            Variable point = Variable.parameter(theta);
            Tensor gradient = Gradients.of(problem.losses(point, k).sum(), List.of(point), false).get(0).value();
            CoordinatewiseLstm.Step proposal = network.step(gradient, state);
            state = proposal.state();
            Tensor next = alone.step(theta, gradient);
            double error = 0;
            double size = 0;
            for (int i = 0; i < 6; i++) {
                double target = next.getFlat(i) - theta.getFlat(i);
                error += Math.pow(proposal.update().value().getFlat(i) - target, 2);
                size += target * target;
            }
            expected += error / size;
            theta = next;
        }
        assertThat(result.metaLoss().value().item()).isCloseTo(expected, offset(1e-12 * expected));
        assertThat(result.lossSteps()).isEqualTo(UNROLL);
        assertThat(result.state().h1().value().toArray()).containsExactly(state.h1().value().toArray());
    }

    @Test
    void imitationGradientMatchesFiniteDifferences() throws Exception {
        // The teacher's path does not depend on the weights, so the check replays its gradients
        // and updates, recorded once: the finite differences run without a graph.
        List<Tensor> gradients = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        Optimizer alone = teacher(6);
        Tensor theta = problem.initialParameters();
        for (int k = 0; k < UNROLL; k++) {
            Variable point = Variable.parameter(theta);
            Tensor gradient = Gradients.of(problem.losses(point, k).sum(), List.of(point), false).get(0).value();
            Tensor next = alone.step(theta, gradient);
            gradients.add(gradient);
            targets.add(next.sub(theta));
            theta = next;
        }
        Function<List<Variable>, Variable> replayed = variables -> {
            CoordinatewiseLstm network = CoordinatewiseLstm.of(config, variables);
            LstmOptimizerState state = network.initialState(6);
            Variable loss = null;
            for (int k = 0; k < UNROLL; k++) {
                CoordinatewiseLstm.Step proposal = network.step(gradients.get(k), state);
                state = proposal.state();
                Variable term = proposal.update().sub(Variable.constant(targets.get(k))).square().sum()
                        .mul(1 / targets.get(k).square().sum().item());
                loss = loss == null ? term : loss.add(term);
            }
            return loss;
        };
        Tensor[] tensors = weights.tensors().values().toArray(Tensor[]::new);
        GradientCheck.verify(replayed, new Tolerance(1e-8, 1e-6), tensors);

        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);
        List<Variable> fromUnroll = Gradients.of(imitate(network).metaLoss(), network.weightVariables(), false);
        List<Variable> leaves = new ArrayList<>();
        for (Tensor tensor : tensors) {
            leaves.add(Variable.parameter(tensor));
        }
        List<Variable> fromReplay = Gradients.of(replayed.apply(leaves), leaves, false);
        Tolerance tight = new Tolerance(1e-12, 1e-10);
        for (int k = 0; k < tensors.length; k++) {
            assertThat(tight.mismatch(fromUnroll.get(k).value(), fromReplay.get(k).value())).as(LstmOptimizerWeights.names().get(k)).isEmpty();
        }
    }

    @Test
    void stepsWithoutTeacherUpdateAreLeftOut() throws Exception {
        Problem flat = new Problem() {
            @Override
            public Tensor initialParameters() {
                return Tensor.vector(1, 2, 3);
            }

            @Override
            public int problemCount() {
                return 1;
            }

            @Override
            public Variable losses(Variable parameters, int step) {
                return parameters.mul(0).sum().add(1).reshape(1);
            }
        };
        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);

        Unroll.Result result = Unroll.imitate(network, flat, teacher(3), flat.initialParameters(), network.initialState(3), 0, 3);

        assertThat(result.metaLoss()).isNull();
        assertThat(result.lossSteps()).isZero();
        assertThat(result.parameters().toArray()).containsExactly(1, 2, 3);
        assertThat(result.meanLosses()).containsExactly(1, 1, 1);
    }

    @Test
    void divergingTeacherStopsTheUnroll() {
        Optimizer reckless = new Nesterov(Double.MAX_VALUE);
        reckless.reset(6);
        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);

        assertThatThrownBy(() -> Unroll.imitate(network, problem, reckless, problem.initialParameters(), network.initialState(6), 0, UNROLL))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessage("the teacher's update at step 1 is NaN or infinite; lower its learning rate");
    }

    @Test
    void overflowingTeacherStopsTheUnroll() {
        Optimizer reckless = HandDesignedOptimizers.create("sgd", 1e200);
        reckless.reset(6);
        CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);

        assertThatThrownBy(() -> Unroll.imitate(network, problem, reckless, problem.initialParameters(), network.initialState(6), 0, UNROLL))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageStartingWith("step 1 of the imitation overflowed (")
                .hasMessageEndingWith("); lower the teacher's learning rate");
    }

    @Test
    void trainingLowersImitationLoss() throws Exception {
        LstmOptimizerConfig small = new LstmOptimizerConfig(4, true, 10, 0.1);
        LstmOptimizerWeights initial = LstmOptimizerWeights.initialize(small, new TensorRandom(1));
        MetaTrainingSettings settings = new MetaTrainingSettings(200, 5, 10, 0.01, 0.01, 0, 2, 11, MetaLoss.SUM, 10,
                new Imitation("nag", 0.05, 1));
        List<MetaTrainer.Validation> history = new ArrayList<>();
        MetaTrainer.Result result = new MetaTrainer(settings, new ScaledSquares(8, 3), new ScaledSquares(4, 3).sample(99, 10), folder,
                Map.of()).train(initial, history::add);

        Problem heldOut = new ScaledSquares(8, 3).sample(123, 10);
        double before = heldOutImitationLoss(initial, heldOut);
        double after = heldOutImitationLoss(result.last(), heldOut);
        assertThat(after).isLessThan(0.3 * before);
        assertThat(history.get(history.size() - 1).imitationLoss()).isFinite();
        assertThat(history.get(history.size() - 1).metaLoss()).isNaN();
    }

    @Test
    void alternatingRunsReportBothLosses() throws Exception {
        MetaTrainingSettings settings = new MetaTrainingSettings(8, 5, 10, 0.01, 0.01, 0, 2, 11, MetaLoss.SUM, 10,
                new Imitation("nag", 0.05, 2));
        List<MetaTrainer.Validation> history = new ArrayList<>();
        new MetaTrainer(settings, new ScaledSquares(8, 3), new ScaledSquares(4, 3).sample(99, 10), folder, Map.of())
                .train(LstmOptimizerWeights.initialize(new LstmOptimizerConfig(4, true, 10, 0.1), new TensorRandom(1)), history::add);

        assertThat(history).hasSize(3);
        assertThat(history.get(1).metaLoss()).isFinite();
        assertThat(history.get(1).imitationLoss()).isFinite();
    }

    private double heldOutImitationLoss(LstmOptimizerWeights trained, Problem heldOut) throws NonFiniteLossException {
        CoordinatewiseLstm network = CoordinatewiseLstm.constants(trained);
        int n = heldOut.initialParameters().size();
        return Unroll.imitate(network, heldOut, teacher(n), heldOut.initialParameters(), network.initialState(n), 0, 10)
                .metaLoss().value().item();
    }

    @Test
    void settingsRejectInvalidValues() {
        assertThatThrownBy(() -> new Imitation("lbfgs", 1, 2)).hasMessageContaining("unknown teacher 'lbfgs'").hasMessageContaining("nag");
        assertThatThrownBy(() -> new Imitation("nag", 0, 2)).hasMessageContaining("positive finite").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Imitation("nag", Double.NaN, 2)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> new Imitation("nag", 1, 0)).hasMessageContaining("at least 1, got 0");
        Imitation alternating = new Imitation("nag", 1, 2);
        assertThat(alternating.drives(1)).isFalse();
        assertThat(alternating.drives(2)).isTrue();
        assertThat(alternating.drives(3)).isFalse();
        assertThat(new Imitation("adam", 0.01, 1).drives(7)).isTrue();
    }
}
