package l2l.metalearner.problem;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;

class LearnerInputsTest {

    private static final int[] IMAGE = {1, 2, 3};

    @Test
    void batchOfExamplesAccepted() {
        for (int batch : new int[] {0, 1, 5}) {
            assertThatCode(() -> LearnerInputs.requireBatch("softmax", IMAGE, Tensor.zeros(batch, 1, 2, 3)))
                    .as("batch of %d", batch).doesNotThrowAnyException();
        }
    }

    @Test
    void wrongShapesRejectedWithBothShapes() {
        Object[][] cases = {
            {new int[] {4, 6}, "softmax: expected inputs [B, 1, 2, 3], got [4, 6]"},
            {new int[] {1, 2, 3}, "softmax: expected inputs [B, 1, 2, 3], got [1, 2, 3]"},
            {new int[] {4, 1, 2, 4}, "softmax: expected inputs [B, 1, 2, 3], got [4, 1, 2, 4]"},
            {new int[] {4, 1, 2, 3, 1}, "softmax: expected inputs [B, 1, 2, 3], got [4, 1, 2, 3, 1]"},
            {new int[] {}, "softmax: expected inputs [B, 1, 2, 3], got []"},
        };
        for (Object[] row : cases) {
            Tensor inputs = Tensor.zeros((int[]) row[0]);

            assertThatThrownBy(() -> LearnerInputs.requireBatch("softmax", IMAGE, inputs))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage((String) row[1]);
        }
    }

    @Test
    void vectorExamplesFormatted() {
        assertThatThrownBy(() -> LearnerInputs.requireBatch("mlp", new int[] {784}, Tensor.zeros(2, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mlp: expected inputs [B, 784], got [2, 28, 28]");
    }
}
