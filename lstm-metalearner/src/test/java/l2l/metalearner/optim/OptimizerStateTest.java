package l2l.metalearner.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class OptimizerStateTest {

    private static Tensor gradientAt(Tensor parameters, int step) {
        return parameters.mul(0.5).add(Math.sin(step));
    }

    @Test
    void restoredOptimizerContinuesBitForBit() {
        for (String name : HandDesignedOptimizers.NAMES) {
            Tensor start = new TensorRandom(5).normal(0, 1, 6);
            Optimizer uninterrupted = HandDesignedOptimizers.create(name, 0.05);
            uninterrupted.reset(6);
            Tensor straight = start;
            for (int step = 0; step < 7; step++) {
                straight = uninterrupted.step(straight, gradientAt(straight, step));
            }

            Optimizer first = HandDesignedOptimizers.create(name, 0.05);
            first.reset(6);
            Tensor resumed = start;
            for (int step = 0; step < 3; step++) {
                resumed = first.step(resumed, gradientAt(resumed, step));
            }
            Map<String, Tensor> saved = first.state();
            Optimizer second = HandDesignedOptimizers.create(name, 0.05);
            second.reset(6);
            second.restoreState(saved);
            for (int step = 3; step < 7; step++) {
                resumed = second.step(resumed, gradientAt(resumed, step));
            }

            assertThat(resumed).as(name).isEqualTo(straight);
            assertThat(saved.get("step")).as(name).isEqualTo(Tensor.scalar(3));
        }
    }

    @Test
    void adamStateNamesItsBuffers() {
        Optimizer adam = new Adam(0.1);
        adam.reset(2);
        adam.step(Tensor.vector(1, 2), Tensor.vector(0.5, -1));

        Map<String, Tensor> state = adam.state();

        assertThat(state.keySet()).containsExactly("step", "mean", "mean_square");
        Tolerance tight = new Tolerance(1e-15, 1e-12);
        assertThat(tight.mismatch(state.get("mean"), Tensor.vector(0.1 * 0.5, 0.1 * -1))).isEmpty();
        assertThat(tight.mismatch(state.get("mean_square"), Tensor.vector(0.001 * 0.25, 0.001 * 1))).isEmpty();
    }

    @Test
    void restoreRejectsMismatchedState() {
        Optimizer adam = new Adam(0.1);
        adam.reset(3);
        Map<String, Tensor> wrongShape = new LinkedHashMap<>(adam.state());
        wrongShape.put("mean", Tensor.zeros(4));
        Map<String, Tensor> fromSgd = new LinkedHashMap<>();
        fromSgd.put("step", Tensor.scalar(1));

        assertThatThrownBy(() -> adam.restoreState(wrongShape))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam: state 'mean' has shape [4] but the optimizer was reset for shape [3]");
        assertThatThrownBy(() -> adam.restoreState(fromSgd))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam: the state to restore has the entries [step], expected [step, mean, mean_square]");
        assertThatThrownBy(() -> new Sgd().state())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sgd: call reset(n) before saving or restoring the state");
    }
}
