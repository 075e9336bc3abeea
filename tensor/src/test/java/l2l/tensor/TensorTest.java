package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void ofCopiesTheArray() {
        double[] values = {1, 2, 3, 4, 5, 6};
        Tensor tensor = Tensor.of(values, 2, 3);
        values[0] = 100;

        assertThat(tensor.get(0, 0)).isEqualTo(1.0);
        assertThat(tensor.get(1, 2)).isEqualTo(6.0);
        assertThat(tensor.shape()).containsExactly(2, 3);
    }

    @Test
    void toArrayReturnsACopy() {
        Tensor tensor = Tensor.vector(1, 2);
        tensor.toArray()[0] = 7;

        assertThat(tensor.getFlat(0)).isEqualTo(1.0);
    }

    @Test
    void scalarHasRankZero() {
        Tensor scalar = Tensor.scalar(2.5);

        assertThat(scalar.rank()).isZero();
        assertThat(scalar.size()).isEqualTo(1);
        assertThat(scalar.item()).isEqualTo(2.5);
    }

    @Test
    void ofRejectsWrongLength() {
        assertThatThrownBy(() -> Tensor.of(new double[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tensor: 5 values do not fill shape [2, 3] of 6 elements");
    }

    @Test
    void negativeDimensionRejected() {
        assertThatThrownBy(() -> Tensor.zeros(2, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, -1]");
    }

    @Test
    void matrixRejectsRaggedRows() {
        assertThatThrownBy(() -> Tensor.matrix(new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tensor.matrix: row 1 has 1 values but row 0 has 2");
    }

    @Test
    void reshapeInfersOneDimension() {
        Tensor tensor = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).reshape(3, -1);

        assertThat(tensor.shape()).containsExactly(3, 2);
        assertThat(tensor.get(2, 1)).isEqualTo(6.0);
    }

    @Test
    void reshapeRejectsWrongCount() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(4, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)");
    }

    @Test
    void getRejectsOutOfBoundsIndex() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).get(2, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Index [2, 0] is out of bounds for shape [2, 3]");
    }

    @Test
    void itemRejectsManyElements() {
        assertThatThrownBy(() -> Tensor.zeros(2).item())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shape [2] has 2 elements");
    }

    @Test
    void equalsComparesShapeAndValues() {
        assertThat(Tensor.vector(1, 2)).isEqualTo(Tensor.of(new double[] {1, 2}, 2));
        assertThat(Tensor.vector(1, 2)).isNotEqualTo(Tensor.of(new double[] {1, 2}, 1, 2));
        assertThat(Tensor.vector(Double.NaN)).isEqualTo(Tensor.vector(Double.NaN));
    }

    @Test
    void isFiniteDetectsNanAndInfinity() {
        assertThat(Tensor.vector(1, 2).isFinite()).isTrue();
        assertThat(Tensor.vector(1, Double.NaN).isFinite()).isFalse();
        assertThat(Tensor.vector(Double.NEGATIVE_INFINITY).isFinite()).isFalse();
    }
}
