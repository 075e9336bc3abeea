package l2l.datasets;

import java.util.ArrayList;
import java.util.List;

import l2l.tensor.Tensor;

/**
 * A labelled image dataset organised by class, the form that {@link EpisodeSampler} draws from: an
 * ordered list of named classes, each with a known number of images of one common shape.
 *
 * <p>Every image is a tensor of shape {@code [C, H, W]} (channels first, for example {@code [1, 28,
 * 28]} for Omniglot or {@code [3, 84, 84]} for miniImageNet) with values in {@code [0, 1]}.
 * Class names and image counts are known without decoding any image. Loaders that read image files
 * decode an image on its first request and keep it in memory. Implementations are safe for
 * concurrent calls, so a background thread may build episodes while another thread reads the same
 * dataset.
 */
public interface ClassDataset {

    /** Returns a short description for messages and listings, such as {@code omniglot (2 archives)}. */
    String name();

    /** Returns the number of classes. */
    int classCount();

    /** Returns the name of class {@code classIndex}, unique within the dataset, such as {@code Greek/character01}. */
    String className(int classIndex);

    /** Returns the number of images of class {@code classIndex}. */
    int imageCount(int classIndex);

    /** Returns the shape {@code [C, H, W]} shared by every image. */
    int[] imageShape();

    /**
     * Returns image {@code imageIndex} of class {@code classIndex}, of shape {@link #imageShape()}.
     *
     * @throws DatasetException when the image file cannot be read or decoded; the message names the file
     */
    Tensor image(int classIndex, int imageIndex) throws DatasetException;

    /** Returns the class names in class-index order. */
    default List<String> classNames() {
        List<String> names = new ArrayList<>(classCount());
        for (int classIndex = 0; classIndex < classCount(); classIndex++) {
            names.add(className(classIndex));
        }
        return names;
    }

    /** Returns the number of images over all classes. */
    default long totalImageCount() {
        long total = 0;
        for (int classIndex = 0; classIndex < classCount(); classIndex++) {
            total += imageCount(classIndex);
        }
        return total;
    }
}
