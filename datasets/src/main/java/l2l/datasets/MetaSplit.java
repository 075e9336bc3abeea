package l2l.datasets;

import java.util.Objects;

/**
 * A dataset divided by class into meta-training, meta-validation and meta-test parts, which share
 * no class.
 *
 * @param train the meta-training classes
 * @param val the meta-validation classes
 * @param test the meta-test classes
 */
public record MetaSplit(ClassDataset train, ClassDataset val, ClassDataset test) {

    /** Checks that no part is null. */
    public MetaSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(val, "val");
        Objects.requireNonNull(test, "test");
    }

    /** Returns the part {@code part}. */
    public ClassDataset part(SplitPart part) {
        switch (part) {
            case TRAIN:
                return train;
            case VAL:
                return val;
            case TEST:
                return test;
            default:
                throw new IllegalStateException("MetaSplit: unknown part " + part);
        }
    }
}
