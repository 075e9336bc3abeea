package l2l.metalearner.coordinatewise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.optim.Nesterov;
import l2l.metalearner.optim.Optimizer;
import l2l.tensor.Tensor;

class RelativeValidationTest {

    /** Returns a curve of one problem whose loss at step {@code t} is {@code losses[t]}. */
    private static OptimizerRun.Curve curve(double... losses) {
        double[][] rows = new double[losses.length][];
        for (int step = 0; step < losses.length; step++) {
            rows[step] = new double[] {losses[step]};
        }
        return new OptimizerRun.Curve(rows, null, -1);
    }

    @Test
    void scoreIsLargestRatio() {
        RelativeValidation relative = new RelativeValidation("nag", 1, List.of(1, 3));
        List<Double> baseline = relative.baselineLosses(curve(4, 2, 1, 0.5));

        assertThat(relative.ratios(curve(4, 1.8, 9, 0.45), baseline)).containsExactly(0.9, 0.45 / 0.5);
        assertThat(RelativeValidation.score(relative.ratios(curve(4, 1.8, 9, 0.45), baseline))).isEqualTo(0.9);
        assertThat(RelativeValidation.score(List.of(0.5, 1.5, 1.2))).isEqualTo(1.5);
        assertThat(RelativeValidation.score(List.of(0.5, Double.NaN, Double.POSITIVE_INFINITY))).isNaN();
        assertThat(RelativeValidation.score(relative.ratios(curve(4, 1.8, 9, 0.6), baseline))).isEqualTo(0.6 / 0.5);
        assertThat(RelativeValidation.score(relative.ratios(curve(4, 1.8, 9, Double.POSITIVE_INFINITY), baseline)))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RelativeValidation.score(relative.ratios(curve(4, Double.NaN, 9, 0.1), baseline))).isNaN();
    }

    @Test
    void baselineLossesAreTheMeansAtTheSteps() {
        RelativeValidation relative = new RelativeValidation("sgd", 0.1, List.of(1, 3));

        assertThat(relative.baselineLosses(curve(4, 2, 1, 2))).containsExactly(2.0, 2.0);
    }

    @Test
    void baselineWithoutRatioRejected() {
        RelativeValidation relative = new RelativeValidation("sgd", 0.1, List.of(1, 2, 3));

        assertThatThrownBy(() -> relative.baselineLosses(curve(1, 1, 0, 1)))
                .hasMessage("Validation against sgd:0.1: its mean validation loss at step 2 is 0.0, but a ratio needs a positive finite "
                        + "loss; give a learning rate tuned on the problem family (l2l compare prints one), or another baseline");
        assertThatThrownBy(() -> relative.baselineLosses(curve(1, 1, 1, Double.POSITIVE_INFINITY)))
                .hasMessageContaining("at step 3 is Infinity");
        assertThatThrownBy(() -> relative.baselineLosses(curve(1, -1, 1, 1)))
                .hasMessageContaining("at step 1 is -1.0");
    }

    @Test
    void baselineAboveItsStartRejected() {
        RelativeValidation relative = new RelativeValidation("nag", 2, List.of(1, 2));

        assertThatThrownBy(() -> relative.baselineLosses(curve(3, 2, 7.5)))
                .hasMessage("Validation against nag:2.0: its mean validation loss at step 2 is 7.5000, above the 3.0000 it starts from, "
                        + "so at this learning rate it does not optimize these problems and ratios to it would flatter any optimizer; "
                        + "give a learning rate tuned on the problem family (l2l compare prints one)");
    }

    @Test
    void baselineIsTheNamedOptimizerAtItsRate() {
        RelativeValidation relative = new RelativeValidation("nag", 0.5, List.of(20, 100, 200));

        Optimizer baseline = relative.newBaseline();
        Optimizer expected = new Nesterov(0.5);
        baseline.reset(2);
        expected.reset(2);
        Tensor parameters = Tensor.vector(new double[] {1, -2});
        Tensor gradient = Tensor.vector(new double[] {0.5, 3});

        assertThat(baseline.step(baseline.step(parameters, gradient), gradient).toArray())
                .containsExactly(expected.step(expected.step(parameters, gradient), gradient).toArray());
        assertThat(relative.lastStep()).isEqualTo(200);
        assertThat(relative.describe()).isEqualTo("nag:0.5 at steps 20, 100, 200");
        assertThat(new RelativeValidation("adam", 1e-3, List.of(7)).describe()).isEqualTo("adam:0.001 at step 7");
    }

    @Test
    void stepsAreCopied() {
        List<Integer> steps = new ArrayList<>(List.of(1, 2));
        RelativeValidation relative = new RelativeValidation("sgd", 1, steps);

        steps.add(3);

        assertThat(relative.steps()).containsExactly(1, 2);
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> new RelativeValidation("lbfgs", 1, List.of(1)))
                .hasMessage("Relative validation: unknown baseline 'lbfgs'; use one of [sgd, momentum, nag, rmsprop, adam]");
        assertThatThrownBy(() -> new RelativeValidation("nag", 0, List.of(1)))
                .hasMessage("Relative validation: the baseline's learning rate must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> new RelativeValidation("nag", Double.NaN, List.of(1)))
                .hasMessageContaining("got NaN");
        assertThatThrownBy(() -> new RelativeValidation("nag", 1, List.of()))
                .hasMessage("Relative validation: give at least one step to compare at");
        assertThatThrownBy(() -> new RelativeValidation("nag", 1, List.of(0, 5)))
                .hasMessage("Relative validation: the steps must be increasing and at least 1, got [0, 5]");
        assertThatThrownBy(() -> new RelativeValidation("nag", 1, List.of(5, 5)))
                .hasMessage("Relative validation: the steps must be increasing and at least 1, got [5, 5]");
    }
}
