package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;

class RotatedDatasetTest {

    private static final Tensor SQUARE = Tensor.of(new double[] {1, 2, 3, 4}, 1, 2, 2);

    private final RotatedDataset rotated = RotatedDataset.of(new TensorDataset(List.of("a", "b"),
            List.of(List.of(SQUARE), List.of(SQUARE, SQUARE, SQUARE))));

    @Test
    void everyClassAppearsFourTimes() {
        assertThat(rotated.classNames()).containsExactly("a", "a+rot90", "a+rot180", "a+rot270", "b", "b+rot90", "b+rot180", "b+rot270");
        assertThat(rotated.imageCount(1)).isEqualTo(1);
        assertThat(rotated.imageCount(7)).isEqualTo(3);
        assertThat(rotated.imageShape()).containsExactly(1, 2, 2);
    }

    @Test
    void rotationsTurnCounterClockwise() throws DatasetException {
        // [[1, 2], [3, 4]] turned a quarter counter-clockwise is [[2, 4], [1, 3]].
        assertThat(rotated.image(0, 0).toArray()).containsExactly(1, 2, 3, 4);
        assertThat(rotated.image(1, 0).toArray()).containsExactly(2, 4, 1, 3);
        assertThat(rotated.image(2, 0).toArray()).containsExactly(4, 3, 2, 1);
        assertThat(rotated.image(3, 0).toArray()).containsExactly(3, 1, 4, 2);
    }

    @Test
    void rotationKeepsEveryChannel() {
        Tensor twoChannels = Tensor.of(new double[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 2, 2);

        Tensor turned = RotatedDataset.rotate(twoChannels, 1);

        assertThat(turned.toArray()).containsExactly(2, 4, 1, 3, 20, 40, 10, 30);
    }

    @Test
    void nonSquareImagesAreRejected() {
        TensorDataset wide = new TensorDataset(List.of("a"), List.of(List.of(Tensor.zeros(1, 2, 3))));

        assertThatThrownBy(() -> RotatedDataset.of(wide))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("images of tensors are 2x3; rotating by 90 degrees needs square images");
    }
}
