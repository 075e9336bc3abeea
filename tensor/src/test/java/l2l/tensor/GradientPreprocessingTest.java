package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GradientPreprocessingTest {

    @Test
    void largeAndSmallMagnitudes() {
        double p = 10;
        Tensor gradient = Tensor.vector(2.5, -0.01, 1e-6, -3e-7, 0);

        Tensor pairs = GradientPreprocessing.preprocess(gradient, p);

        assertThat(pairs.shape()).containsExactly(5, 2);
        assertThat(pairs.get(0, 0)).isEqualTo(Math.log(2.5) / p);
        assertThat(pairs.get(0, 1)).isEqualTo(1.0);
        assertThat(pairs.get(1, 0)).isEqualTo(Math.log(0.01) / p);
        assertThat(pairs.get(1, 1)).isEqualTo(-1.0);
        assertThat(pairs.get(2, 0)).isEqualTo(-1.0);
        assertThat(pairs.get(2, 1)).isEqualTo(Math.exp(p) * 1e-6);
        assertThat(pairs.get(3, 1)).isEqualTo(Math.exp(p) * -3e-7);
        assertThat(pairs.get(4, 0)).isEqualTo(-1.0);
        assertThat(pairs.get(4, 1)).isEqualTo(0.0);
    }

    @Test
    void thresholdBelongsToLogBranch() {
        double p = 5;
        Tensor pairs = GradientPreprocessing.preprocess(Tensor.vector(Math.exp(-p)), p);

        assertThat(pairs.get(0, 1)).isEqualTo(1.0);
        assertThat(new Tolerance(1e-15, 0).accepts(pairs.get(0, 0), -1)).isTrue();
    }

    @Test
    void flattensAnyShape() {
        assertThat(GradientPreprocessing.preprocess(Tensor.ones(2, 3), 10).shape()).containsExactly(6, 2);
    }

    @Test
    void invalidPRejected() {
        assertThatThrownBy(() -> GradientPreprocessing.preprocess(Tensor.vector(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("preprocess: p must be a positive finite number, got 0.0");
    }
}
