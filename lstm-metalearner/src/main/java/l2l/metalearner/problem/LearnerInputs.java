package l2l.metalearner.problem;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/** The input check that a {@link Learner#logits} implementation starts with, so that learners report a wrong input shape alike. */
public final class LearnerInputs {

    private LearnerInputs() {
    }

    /**
     * Checks that {@code inputs} is a batch of examples of {@code inputShape}, that is, has the
     * shape {@code [B, inputShape...]} for any batch size B. For example, {@code [32, 1, 28, 28]}
     * passes for examples {@code [1, 28, 28]}, and {@code [32, 784]} does not.
     *
     * @param learner the name that starts the message, such as {@code softmax}
     * @throws IllegalArgumentException otherwise, with a message naming the learner, the expected
     *     and the actual shape, such as {@code softmax: expected inputs [B, 1, 28, 28], got [32, 784]}
     */
    public static void requireBatch(String learner, int[] inputShape, Tensor inputs) {
        int[] shape = inputs.shape();
        boolean matches = shape.length == inputShape.length + 1;
        for (int axis = 0; matches && axis < inputShape.length; axis++) {
            matches = shape[axis + 1] == inputShape[axis];
        }
        if (!matches) {
            throw new IllegalArgumentException(learner + ": expected inputs " + batchOf(inputShape) + ", got " + Shapes.toString(shape));
        }
    }

    /** Formats {@code [B, inputShape...]}, such as {@code [B, 1, 28, 28]}. */
    private static String batchOf(int[] inputShape) {
        StringBuilder text = new StringBuilder("[B");
        for (int dimension : inputShape) {
            text.append(", ").append(dimension);
        }
        return text.append(']').toString();
    }
}
