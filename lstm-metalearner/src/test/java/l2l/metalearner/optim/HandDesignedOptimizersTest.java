package l2l.metalearner.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;

/**
 * Runs each optimizer for five steps on a fixed separable quadratic and compares the result with
 * the values PyTorch 1.13 computes in double precision for the same gradients
 * ({@code torch.optim.SGD}, {@code SGD(momentum=0.9)}, {@code SGD(momentum=0.9, nesterov=True)},
 * {@code RMSprop(lr=0.01)}, {@code Adam(lr=0.1)}).
 */
class HandDesignedOptimizersTest {

    private static final double[] CURVATURE = {1.0, 0.1, 10.0, 2.0};
    private static final double[] TILT = {0.3, -0.2, 0.0, 1e-9};
    private static final double[] START = {1.0, -2.0, 0.5, 3.0};

    private static final Map<String, double[]> PYTORCH_AFTER_FIVE_STEPS = Map.of(
            "sgd", new double[] {0.5290635, -1.8529701496999997, -2.635549485807631e-82, 0.9830399998319199},
            "momentum", new double[] {-0.18353399999999995, -1.6149020776999998, 0.4009500000000001, -1.7412600003951049},
            "nag", new double[] {-0.270268936485, -1.515322289961503, -3.186566648785348e-33, -1.2471527427539297},
            "rmsprop", new double[] {0.6934980955409215, -1.6820538755874523, 0.22157098395379532, 2.6820538400011635},
            "adam", new double[] {0.5064140585116397, -1.5017794639254631, 0.0278144467264881, 2.501779455799431});

    private static final Map<String, Double> LEARNING_RATES = Map.of(
            "sgd", 0.05, "momentum", 0.05, "nag", 0.05, "rmsprop", 0.01, "adam", 0.1);

    private static Tensor gradient(Tensor theta) {
        double[] g = new double[CURVATURE.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = 2 * CURVATURE[i] * theta.getFlat(i) + TILT[i];
        }
        return Tensor.vector(g);
    }

    private static Tensor runFiveSteps(Optimizer optimizer) {
        Tensor theta = Tensor.vector(START);
        optimizer.reset(START.length);
        for (int t = 0; t < 5; t++) {
            theta = optimizer.step(theta, gradient(theta));
        }
        return theta;
    }

    @Test
    void everyOptimizerMatchesPytorch() {
        for (String name : HandDesignedOptimizers.NAMES) {
            Tensor theta = runFiveSteps(HandDesignedOptimizers.create(name, LEARNING_RATES.get(name)));
            double[] expected = PYTORCH_AFTER_FIVE_STEPS.get(name);

            for (int i = 0; i < expected.length; i++) {
                assertThat(theta.getFlat(i)).as("%s coordinate %d", name, i)
                        .isCloseTo(expected[i], within(1e-12 + 1e-12 * Math.abs(expected[i])));
            }
        }
    }

    @Test
    void resetClearsState() {
        Optimizer adam = new Adam(0.1);
        Tensor first = runFiveSteps(adam);
        Tensor second = runFiveSteps(adam);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void stepBeforeResetFails() {
        assertThatThrownBy(() -> new Sgd().step(Tensor.vector(1), Tensor.vector(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sgd: call reset(n) before the first step");
    }

    @Test
    void stepRejectsWrongShape() {
        Optimizer nag = new Nesterov();
        nag.reset(3);

        assertThatThrownBy(() -> nag.step(Tensor.vector(1, 2, 3), Tensor.vector(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nag: gradient has shape [2] but the optimizer was reset for shape [3]");
    }

    @Test
    void invalidHyperparametersRejected() {
        assertThatThrownBy(() -> new Adam(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam: learning rate must be a positive finite number, got -1.0");
        assertThatThrownBy(() -> new Momentum(0.1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("momentum: momentum must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new RmsProp(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got NaN");
    }

    @Test
    void unknownNameRejected() {
        assertThatThrownBy(() -> HandDesignedOptimizers.create("adagrad", 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown optimizer 'adagrad'; expected one of [sgd, momentum, nag, rmsprop, adam]");
    }

    @Test
    void defaultsAreTheStandardOnes() {
        assertThat(HandDesignedOptimizers.defaultLearningRate("adam")).isEqualTo(1e-3);
        assertThat(HandDesignedOptimizers.defaultLearningRate("rmsprop")).isEqualTo(1e-2);
        assertThat(HandDesignedOptimizers.defaultLearningRate("sgd")).isEqualTo(1e-2);
    }

    @Test
    void adamLearningRateChangeKeepsMoments() {
        Adam adam = new Adam(0.1);
        adam.reset(1);
        Tensor theta = adam.step(Tensor.vector(1), Tensor.vector(2));

        adam.setLearningRate(0.05);
        Tensor next = adam.step(theta, Tensor.vector(-1));

        // Step 2: m = 0.09 * 2 - 0.1 = 0.08, v = 0.999 * 0.004 + 0.001 = 0.004996.
        double m = 0.9 * 0.1 * 2 + 0.1 * -1;
        double v = 0.999 * 0.001 * 4 + 0.001 * 1;
        double expected = theta.item() - 0.05 / (1 - 0.81) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.998001) + 1e-8);
        assertThat(adam.learningRate()).isEqualTo(0.05);
        assertThat(next.item()).isCloseTo(expected, within(1e-15));
        assertThatThrownBy(() -> adam.setLearningRate(0)).hasMessage("adam: learning rate must be a positive finite number, got 0.0");
    }
}
