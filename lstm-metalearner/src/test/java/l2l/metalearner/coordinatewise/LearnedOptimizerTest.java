package l2l.metalearner.coordinatewise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.autodiff.Gradients;
import l2l.autodiff.NoGrad;
import l2l.autodiff.Variable;
import l2l.metalearner.optim.Adam;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.problem.ParameterLayout;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class LearnedOptimizerTest {

    private static final LstmOptimizerConfig CONFIG = new LstmOptimizerConfig(6, true, 10, 0.1);

    /** A linear regression {@code y = x w^T + b} on fixed data, its weights in one flat vector. */
    private static final class Regression {

        final ParameterLayout layout = ParameterLayout.builder().add("weight", 1, 3).add("bias", 1).build();
        final Tensor inputs;
        final Tensor targets;

        Regression(TensorRandom random) {
            inputs = random.normal(0, 1, 32, 3);
            targets = inputs.matmul(Tensor.of(new double[] {1.5, -2, 0.5}, 3, 1)).add(0.3);
        }

        Variable loss(Variable flat) {
            Variable prediction = Variable.constant(inputs).matmulTransposed(layout.view(flat, "weight")).add(layout.view(flat, "bias"));
            return prediction.sub(Variable.constant(targets)).square().mean();
        }

        double train(Optimizer optimizer, int steps) {
            Tensor parameters = Tensor.zeros(layout.size());
            optimizer.reset(layout.size());
            for (int step = 0; step < steps; step++) {
                Variable flat = Variable.parameter(parameters);
                Tensor gradient = Gradients.of(loss(flat), List.of(flat), false).get(0).value();
                parameters = optimizer.step(parameters, gradient);
            }
            try (NoGrad scope = NoGrad.enter()) {
                return loss(Variable.constant(parameters)).value().item();
            }
        }
    }

    @Test
    void stepAddsNetworkUpdate() {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(4));
        Tensor parameters = Tensor.vector(1, -2, 0.5);
        Tensor gradient = Tensor.vector(0.3, -1e-6, 4);
        LearnedOptimizer optimizer = new LearnedOptimizer(weights);
        optimizer.reset(3);

        Tensor first = optimizer.step(parameters, gradient);
        Tensor second = optimizer.step(first, gradient);

        CoordinatewiseLstm network = CoordinatewiseLstm.constants(weights);
        CoordinatewiseLstm.Step one = network.step(gradient, network.initialState(3));
        CoordinatewiseLstm.Step two = network.step(gradient, one.state());
        assertThat(first).isEqualTo(parameters.add(one.update().value()));
        assertThat(second).isEqualTo(first.add(two.update().value()));
        assertThat(second).isNotEqualTo(first.add(one.update().value()));
    }

    @Test
    void resetClearsTheState() {
        LearnedOptimizer optimizer = new LearnedOptimizer(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(4)));
        Tensor parameters = Tensor.vector(1, 2);
        Tensor gradient = Tensor.vector(0.5, -0.5);
        optimizer.reset(2);
        Tensor fresh = optimizer.step(parameters, gradient);
        optimizer.step(parameters, gradient);

        optimizer.reset(2);

        assertThat(optimizer.step(parameters, gradient)).isEqualTo(fresh);
    }

    @Test
    void trainsAModelLikeTheBaselines(@TempDir Path folder) throws Exception {
        MetaTrainingSettings settings = new MetaTrainingSettings(100, 5, 20, 0.01, 0.01, 0, 100, 3);
        MetaTrainer trainer = new MetaTrainer(settings, new ScaledSquares(8, 3), new ScaledSquares(4, 3).sample(2, 20), folder, Map.of());
        LstmOptimizerWeights trained = trainer.train(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(1)), validation -> { })
                .best();
        Regression regression = new Regression(new TensorRandom(8));
        double initialLoss = regression.train(new Adam(0.1), 0);

        double learned = regression.train(new LearnedOptimizer(trained), 100);
        double adam = regression.train(new Adam(0.1), 100);

        assertThat(learned).isLessThan(0.1 * initialLoss);
        assertThat(adam).isLessThan(0.1 * initialLoss);
    }

    @Test
    void lifecycleAndShapesChecked() {
        LearnedOptimizer optimizer = new LearnedOptimizer(LstmOptimizerWeights.initialize(CONFIG, new TensorRandom(4)));

        assertThatThrownBy(() -> optimizer.step(Tensor.vector(1), Tensor.vector(1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("lstm: call reset(n) before the first step");
        optimizer.reset(2);
        assertThatThrownBy(() -> optimizer.step(Tensor.vector(1, 2), Tensor.vector(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lstm: gradient has shape [3] but the optimizer was reset for shape [2]");
    }

    @Test
    void paperQuadraticSettingUsesRawGradient() {
        LstmOptimizerConfig raw = LstmOptimizerConfig.paperQuadratic();
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(raw, new TensorRandom(2));
        LearnedOptimizer optimizer = new LearnedOptimizer(weights);
        optimizer.reset(2);

        Tensor next = optimizer.step(Tensor.vector(0, 0), Tensor.vector(1, 2));

        assertThat(raw.inputSize()).isEqualTo(1);
        assertThat(weights.tensor("lstm0.weight_ih").shape()).containsExactly(80, 1);
        assertThat(next.isFinite()).isTrue();
        assertThat(LstmOptimizerConfig.deepMind()).isEqualTo(new LstmOptimizerConfig(20, true, 5, 0.01));
    }
}
