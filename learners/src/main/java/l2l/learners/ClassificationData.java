package l2l.learners;

import l2l.datasets.idx.LabelledImages;
import l2l.tensor.Tensor;

/**
 * The training and test images of a classification family, with the full sets converted to
 * tensors once, on first use, for the evaluation helpers. Safe to share between threads.
 */
final class ClassificationData {

    private final LabelledImages training;
    private final LabelledImages test;
    private Tensor trainingImages;
    private Tensor testImages;

    ClassificationData(LabelledImages training, LabelledImages test) {
        if (training.height() != test.height() || training.width() != test.width()) {
            throw new IllegalArgumentException("Classification data: training images are " + training.height() + "x" + training.width()
                    + " but test images are " + test.height() + "x" + test.width());
        }
        this.training = training;
        this.test = test;
    }

    LabelledImages training() {
        return training;
    }

    LabelledImages test() {
        return test;
    }

    /** Returns the minibatch of training images at {@code indices} as {@code [B, 1, H, W]}. */
    Tensor trainingBatch(int[] indices) {
        return training.flatImages(indices).reshape(indices.length, 1, training.height(), training.width());
    }

    /** Returns all training images as {@code [N, 1, H, W]}. */
    synchronized Tensor trainingImages() {
        if (trainingImages == null) {
            trainingImages = training.images();
        }
        return trainingImages;
    }

    /** Returns all test images as {@code [N, 1, H, W]}. */
    synchronized Tensor testImages() {
        if (testImages == null) {
            testImages = test.images();
        }
        return testImages;
    }
}
