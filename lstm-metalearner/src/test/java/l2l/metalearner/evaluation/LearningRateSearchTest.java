package l2l.metalearner.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.autodiff.Variable;
import l2l.metalearner.optim.Sgd;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Tensor;

class LearningRateSearchTest {

    /** {@code f(theta) = c theta^2} per coordinate; SGD gives {@code theta_t = (1 - 2 c lr)^t theta_0}. */
    private static Problem squares(double curvature, double... start) {
        return new Problem() {
            @Override
            public Tensor initialParameters() {
                return Tensor.vector(start);
            }

            @Override
            public int problemCount() {
                return start.length;
            }

            @Override
            public Variable losses(Variable parameters, int step) {
                return parameters.square().mul(curvature);
            }
        };
    }

    @Test
    void gridHasOneTwoFivePerDecade() {
        assertThat(LearningRateSearch.grid(1e-4, 10)).containsExactly(1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2,
                0.5, 1.0, 2.0, 5.0, 10.0);
        assertThat(LearningRateSearch.grid(0.015, 0.3)).containsExactly(0.02, 0.05, 0.1, 0.2);
        assertThatThrownBy(() -> LearningRateSearch.grid(0, 1)).hasMessageContaining("need 0 < min <= max");
    }

    @Test
    void searchPicksTheBestGridPoint() {
        // With curvature 1, lr 0.5 reaches the minimum in one step; 0.2 and 1 leave (0.6)^t and 1 of the start.
        Problem problem = squares(1, 1, -2);

        LearningRateSearch.Result result = LearningRateSearch.tune("sgd", List.of(0.1, 0.2, 0.5, 1.0, 2.0), problem, 10,
                curve -> curve.mean(curve.steps()));

        assertThat(result.chosen()).isEqualTo(0.5);
        assertThat(result.points()).extracting(LearningRateSearch.Point::learningRate).containsExactly(0.1, 0.2, 0.5, 1.0, 2.0);
        assertThat(result.points().get(2).score()).isZero();
        assertThat(result.points().get(3).score()).isEqualTo(2.5);
        assertThat(result.points().get(1).score()).isCloseTo(2.5 * Math.pow(0.6, 20), offset(1e-15));
    }

    @Test
    void searchReportsEachPointInGridOrder() {
        Problem problem = squares(1, 1, -2);
        List<LearningRateSearch.Point> reported = new ArrayList<>();

        LearningRateSearch.Result result = LearningRateSearch.tune("sgd", List.of(0.1, 0.5, 2.0), problem, 10,
                curve -> curve.mean(curve.steps()), reported::add);

        assertThat(reported).containsExactlyElementsOf(result.points());
        assertThat(reported).extracting(LearningRateSearch.Point::learningRate).containsExactly(0.1, 0.5, 2.0);
        assertThat(reported.get(1).score()).isZero();
    }

    @Test
    void divergedRunsScoreInfinity() {
        Problem problem = squares(1, 1e150);

        OptimizerRun.Curve curve = OptimizerRun.run(new Sgd(5), problem, 10);
        LearningRateSearch.Result result = LearningRateSearch.tune("sgd", List.of(0.1, 5.0), problem, 10, c -> c.mean(c.steps()));

        assertThat(curve.diverged()).isTrue();
        // Each step multiplies theta by -9, so the loss 1e300 * 81^t overflows at step 5.
        assertThat(curve.divergedAt()).isEqualTo(5);
        assertThat(curve.losses()[4][0]).isFinite();
        assertThat(curve.mean(5)).isInfinite();
        assertThat(curve.mean(10)).isInfinite();
        assertThat(result.points().get(1).score()).isInfinite();
        assertThat(result.chosen()).isEqualTo(0.1);
    }

    @Test
    void curveStatistics() {
        OptimizerRun.Curve curve = OptimizerRun.run(new Sgd(0.25), squares(1, 1, -2, 4), 3);

        assertThat(curve.steps()).isEqualTo(3);
        assertThat(curve.losses()[0]).containsExactly(1, 4, 16);
        assertThat(curve.mean(0)).isEqualTo(7);
        assertThat(curve.median(0)).isEqualTo(4);
        assertThat(curve.mean(1)).isEqualTo(7 * 0.25);
        assertThat(curve.mean(0, 1)).isEqualTo((7 + 7 * 0.25) / 2);
        assertThat(curve.finalParameters()).isEqualTo(Tensor.vector(0.125, -0.25, 0.5));
        assertThat(curve.diverged()).isFalse();
    }
}
