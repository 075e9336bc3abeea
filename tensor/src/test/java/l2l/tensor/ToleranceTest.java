package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    private final Tolerance tolerance = new Tolerance(1e-9, 1e-7);

    @Test
    void acceptsWithinAbsolutePlusRelative() {
        assertThat(tolerance.accepts(1e-9, 0)).isTrue();
        assertThat(tolerance.accepts(2e-9, 0)).isFalse();
        assertThat(tolerance.accepts(100 + 1e-5, 100)).isTrue();
        assertThat(tolerance.accepts(100 + 2e-5, 100)).isFalse();
    }

    @Test
    void nanMatchesNothingAndInfinityItself() {
        assertThat(tolerance.accepts(Double.NaN, Double.NaN)).isFalse();
        assertThat(tolerance.accepts(Double.NaN, 1)).isFalse();
        assertThat(tolerance.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(tolerance.accepts(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void mismatchDescribesWorstElement() {
        Tensor expected = Tensor.vector(1, 2, 3);
        Tensor actual = Tensor.vector(1, 2.5, 3.1);

        assertThat(tolerance.mismatch(expected, expected)).isEmpty();
        assertThat(tolerance.mismatch(actual, expected)).hasValueSatisfying(message -> {
            assertThat(message).startsWith("2 of 3 elements differ by more than abs 1.0E-9 + rel 1.0E-7");
            assertThat(message).contains("the worst is at index [1]: actual 2.5, expected 2.0");
        });
    }

    @Test
    void mismatchReportsShapes() {
        assertThat(tolerance.mismatch(Tensor.zeros(2, 3), Tensor.zeros(3, 2)))
                .hasValue("shape [2, 3] differs from the expected [3, 2]");
    }

    @Test
    void negativeBoundsRejected() {
        assertThatThrownBy(() -> new Tolerance(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got absolute -1.0");
    }
}
