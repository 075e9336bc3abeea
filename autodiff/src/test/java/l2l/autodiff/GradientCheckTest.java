package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.Tolerance;

class GradientCheckTest {

    @Test
    void correctGradientPasses() {
        GradientCheck.Report report = GradientCheck.run(v -> v.get(0).mul(v.get(1)).tanh().sum(), Tensor.vector(0.3, -0.7),
                Tensor.vector(1.1, 0.4));

        assertThat(report.passed()).isTrue();
        assertThat(report.coordinates()).isEqualTo(4);
        assertThat(report.maxAbsoluteError()).isLessThan(1e-8);
    }

    @Test
    void brokenGradientFailsWithLocation() {
        // detach() hides one factor from reverse mode, so its gradient is missing.
        GradientCheck.Report report = GradientCheck.run(v -> v.get(0).mul(v.get(0).detach()).sum(), Tensor.vector(1, 3));

        assertThat(report.passed()).isFalse();
        assertThat(report.worstInput()).isZero();
        assertThat(report.worstIndex()).containsExactly(1);
        assertThat(report.analytic()).isEqualTo(3.0);
        assertThat(new Tolerance(1e-6, 0).accepts(report.numeric(), 6.0)).isTrue();
    }

    @Test
    void verifyThrowsWithReport() {
        assertThatThrownBy(() -> GradientCheck.verify(v -> v.get(0).mul(v.get(0).detach()).sum(), Tensor.vector(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Gradient check failed on 1 coordinates")
                .hasMessageContaining("autodiff 2.0, finite difference 4.0");
    }

    @Test
    void nonScalarOutputIsProjected() {
        GradientCheck.Report correct = GradientCheck.run(v -> v.get(0).exp(), Tensor.vector(0.1, 0.2, 0.3));
        GradientCheck.Report broken = GradientCheck.run(v -> v.get(0).mul(v.get(0).detach()), Tensor.vector(0.5, 1.5));

        assertThat(correct.passed()).isTrue();
        assertThat(broken.passed()).isFalse();
    }

    @Test
    void invalidStepRejected() {
        assertThatThrownBy(() -> GradientCheck.run(v -> v.get(0).sum(), 0, GradientCheck.DEFAULT_TOLERANCE, List.of(Tensor.vector(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GradientCheck: step must be a positive finite number, got 0.0");
    }
}
