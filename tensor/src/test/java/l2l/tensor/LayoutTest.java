package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LayoutTest {

    private static Tensor sequence(int... shape) {
        double[] values = new double[Shapes.size(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        return Tensor.of(values, shape);
    }

    @Test
    void transposeMatrixAcrossTiles() {
        Tensor x = sequence(33, 70);

        Tensor transposed = x.transpose();

        assertThat(transposed.shape()).containsExactly(70, 33);
        for (int i = 0; i < 33; i++) {
            for (int j = 0; j < 70; j++) {
                assertThat(transposed.get(j, i)).isEqualTo(x.get(i, j));
            }
        }
        assertThat(transposed.transpose()).isEqualTo(x);
    }

    @Test
    void transposeRejectsNonMatrix() {
        assertThatThrownBy(() -> sequence(2, 3, 4).transpose())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transpose: expected a matrix, got shape [2, 3, 4]");
    }

    @Test
    void permuteRankFour() {
        Tensor x = sequence(2, 3, 4, 5);

        Tensor permuted = x.permute(0, 2, 3, 1);

        assertThat(permuted.shape()).containsExactly(2, 4, 5, 3);
        for (int position = 0; position < x.size(); position++) {
            int[] index = Shapes.unravel(position, x.shape());
            assertThat(permuted.get(index[0], index[2], index[3], index[1])).isEqualTo(x.get(index));
        }
        assertThat(permuted.permute(0, 3, 1, 2)).isEqualTo(x);
    }

    @Test
    void transposeTwoAxes() {
        Tensor x = sequence(2, 3, 4);

        Tensor swapped = x.transpose(0, 2);

        assertThat(swapped.shape()).containsExactly(4, 3, 2);
        assertThat(swapped.get(3, 1, 0)).isEqualTo(x.get(0, 1, 3));
    }

    @Test
    void permuteRejectsRepeatedAxis() {
        assertThatThrownBy(() -> sequence(2, 3).permute(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permute: order [0, 0] names axis 0 twice");
    }

    @Test
    void sliceAlongAxes() {
        Tensor x = sequence(3, 4);

        assertThat(x.slice(0, 1, 3)).isEqualTo(Tensor.matrix(new double[][] {{4, 5, 6, 7}, {8, 9, 10, 11}}));
        assertThat(x.slice(1, 2, 3)).isEqualTo(Tensor.of(new double[] {2, 6, 10}, 3, 1));
        assertThat(x.slice(1, 2, 2).shape()).containsExactly(3, 0);
        assertThatThrownBy(() -> x.slice(1, 3, 5))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("slice: range [3, 5) is invalid for axis 1 of shape [3, 4]");
    }

    @Test
    void concatAlongAxes() {
        Tensor a = sequence(2, 2);
        Tensor b = sequence(2, 1).add(10);

        assertThat(Tensor.concat(1, a, b)).isEqualTo(Tensor.matrix(new double[][] {{0, 1, 10}, {2, 3, 11}}));
        assertThat(Tensor.concat(0, a, a).shape()).containsExactly(4, 2);
        assertThatThrownBy(() -> Tensor.concat(0, a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concat: shapes [2, 2] and [2, 1] differ outside axis 0; all other dimensions must be equal");
    }

    @Test
    void sliceThenConcatRestores() {
        Tensor x = sequence(2, 5, 3);

        assertThat(Tensor.concat(1, x.slice(1, 0, 2), x.slice(1, 2, 5))).isEqualTo(x);
    }

    @Test
    void gatherSelectsAndRepeats() {
        Tensor x = sequence(3, 2);

        assertThat(x.gather(0, new int[] {2, 0, 2})).isEqualTo(Tensor.matrix(new double[][] {{4, 5}, {0, 1}, {4, 5}}));
        assertThat(x.gather(1, new int[] {1})).isEqualTo(Tensor.of(new double[] {1, 3, 5}, 3, 1));
        assertThatThrownBy(() -> x.gather(0, new int[] {3}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("gather: index 3 at position 0 is out of range [0, 3) for axis 0 of shape [3, 2]");
    }

    @Test
    void scatterAddIsAdjointOfGather() {
        int[] indices = {2, 0, 2, 1};
        Tensor x = sequence(3, 4).add(1);
        Tensor y = sequence(4, 4).mul(0.5).sub(2);

        double left = x.gather(0, indices).mul(y).sum().item();
        double right = x.mul(y.scatterAdd(0, indices, 3)).sum().item();

        assertThat(left).isEqualTo(right);
        assertThat(y.scatterAdd(0, indices, 3).get(2, 0)).isEqualTo(y.get(0, 0) + y.get(2, 0));
    }

    @Test
    void scatterAddRejectsIndexCountMismatch() {
        assertThatThrownBy(() -> sequence(2, 3).scatterAdd(0, new int[] {0}, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scatterAdd: axis 0 of shape [2, 3] has 2 entries but 1 indices were given");
    }

    @Test
    void flattenAndReshapeShareValues() {
        Tensor x = sequence(2, 3);

        assertThat(x.flatten()).isEqualTo(sequence(6));
        assertThat(x.reshape(3, 2).flatten()).isEqualTo(sequence(6));
    }
}
