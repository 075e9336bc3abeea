package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PoolingTest {

    @Test
    void maxPoolValuesAndPositions() {
        Tensor x = Tensor.of(new double[] {
            1, 5, 2, 0,
            3, 4, 8, 1,
            0, 2, 6, 7,
            9, 1, 3, 3}, 1, 1, 4, 4);

        Pooling.MaxPooling pooled = Pooling.maxPool2d(x, 2, 2);

        assertThat(pooled.output()).isEqualTo(Tensor.of(new double[] {5, 8, 9, 7}, 1, 1, 2, 2));
        assertThat(pooled.positions()).containsExactly(1, 6, 12, 11);
    }

    @Test
    void manyPlanesMatchPoolingEachPlaneAlone() {
        int planes = 150;
        Tensor x = new TensorRandom(5).normal(0, 1, 3, 50, 6, 6);
        int previous = Parallelism.threads();
        Pooling.MaxPooling pooled;
        Pooling.MaxPooling sequential;
        try {
            Parallelism.setThreads(3);
            pooled = Pooling.maxPool2d(x, 2, 2);
            Parallelism.setThreads(1);
            sequential = Pooling.maxPool2d(x, 2, 2);
        } finally {
            Parallelism.setThreads(previous);
        }

        assertThat(pooled.output()).isEqualTo(sequential.output());
        assertThat(pooled.positions()).isEqualTo(sequential.positions());
        for (int plane = 0; plane < planes; plane++) {
            double[] values = Arrays.copyOfRange(x.data(), plane * 36, (plane + 1) * 36);
            Pooling.MaxPooling alone = Pooling.maxPool2d(Tensor.of(values, 1, 1, 6, 6), 2, 2);
            for (int k = 0; k < 9; k++) {
                assertThat(pooled.output().getFlat(plane * 9 + k)).as("maximum %d of plane %d", k, plane)
                        .isEqualTo(alone.output().getFlat(k));
                assertThat(pooled.positions()[plane * 9 + k]).as("position %d of plane %d", k, plane)
                        .isEqualTo(plane * 36 + alone.positions()[k]);
            }
        }
    }

    @Test
    void oddSizeRoundsDown() {
        Tensor x = Tensor.ones(2, 3, 9, 9);

        assertThat(Pooling.maxPool2d(x, 2, 2).output().shape()).containsExactly(2, 3, 4, 4);
    }

    @Test
    void tiesGoToFirstInRowMajorOrder() {
        Tensor x = Tensor.of(new double[] {2, 2, 2, 2}, 1, 1, 2, 2);

        assertThat(Pooling.maxPool2d(x, 2, 2).positions()).containsExactly(0);
    }

    @Test
    void overlappingWindows() {
        Tensor x = Tensor.of(new double[] {1, 3, 2, 4, 0, 1, 1, 1, 5}, 1, 1, 3, 3);

        Pooling.MaxPooling pooled = Pooling.maxPool2d(x, 2, 1);

        assertThat(pooled.output()).isEqualTo(Tensor.of(new double[] {4, 3, 4, 5}, 1, 1, 2, 2));
        assertThat(pooled.positions()).containsExactly(3, 1, 3, 8);
    }

    @Test
    void scatterIsAdjointOfGather() {
        TensorRandom random = new TensorRandom(3);
        Tensor x = random.normal(0, 1, 2, 2, 5, 5);
        Pooling.MaxPooling pooled = Pooling.maxPool2d(x, 2, 2);
        Tensor gradient = random.normal(0, 1, pooled.output().shape());
        Tensor values = random.normal(0, 1, x.shape());

        Tensor scattered = Pooling.scatter(gradient, pooled.positions(), x.shape());
        Tensor gathered = Pooling.gather(values, pooled.positions(), pooled.output().shape());

        assertThat(new Tolerance(1e-12, 0).accepts(scattered.mul(values).sum().item(), gradient.mul(gathered).sum().item())).isTrue();
        assertThat(Pooling.gather(x, pooled.positions(), pooled.output().shape())).isEqualTo(pooled.output());
    }

    @Test
    void invalidArgumentsRejected() {
        assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(1, 4, 4), 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPool2d: expected an input [B, C, H, W], got shape [1, 4, 4]");
        assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(1, 1, 1, 4), 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPool2d: kernel size 2 exceeds the input [1, 1, 1, 4]");
    }
}
