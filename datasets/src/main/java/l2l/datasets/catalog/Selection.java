package l2l.datasets.catalog;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import l2l.datasets.SplitPart;

/**
 * The choice of classes to open from a found dataset, and how to decode their images.
 *
 * @param part the part of the class split; empty for all classes
 * @param splitFile a split file to use instead of the dataset's default split
 * @param rotateTrain whether Omniglot's meta-training part gains the rotated classes
 * @param imageSize the side of decoded images, instead of the dataset's default (28 for Omniglot,
 *     84 for miniImageNet and image folders)
 * @param channels 1 or 3 channels for image folders, instead of the default 3
 */
public record Selection(Optional<SplitPart> part, Optional<Path> splitFile, boolean rotateTrain, OptionalInt imageSize,
        OptionalInt channels) {

    /** Checks that no component is null. */
    public Selection {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(splitFile, "splitFile");
        Objects.requireNonNull(imageSize, "imageSize");
        Objects.requireNonNull(channels, "channels");
    }
}
