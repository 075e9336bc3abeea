package l2l.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import l2l.tensor.Tensor;

/**
 * One few-shot task: a support set to learn from and a query set to evaluate on, drawn from the
 * same {@code ways} classes.
 *
 * <p>Shapes, for images of shape {@code [C, H, W]}: {@code supportImages} is
 * {@code [ways * shots, C, H, W]} and {@code queryImages} is {@code [ways * queries, C, H, W]}; row
 * {@code i} of each has the label at index {@code i} of {@code supportLabels} or
 * {@code queryLabels}. Labels run from 0 to {@code ways - 1}; label {@code l} is the class
 * {@code classNames.get(l)}, and each label occurs {@code shots} times in the support set and
 * {@code queries} times in the query set. For a 5-way 1-shot Omniglot episode with 15 queries:
 * support {@code [5, 1, 28, 28]}, query {@code [75, 1, 28, 28]}.
 *
 * <p>Episodes are immutable: the arrays are copied on the way in and out.
 *
 * @param index the position of the episode in its sequence, from 0, for messages and logs
 * @param supportImages the support images, {@code [ways * shots, C, H, W]}
 * @param supportLabels the label of each support image
 * @param queryImages the query images, {@code [ways * queries, C, H, W]}
 * @param queryLabels the label of each query image
 * @param ways the number of classes
 * @param shots the support images per class
 * @param queries the query images per class
 * @param classNames the class of each label, in label order
 */
public record Episode(long index, Tensor supportImages, int[] supportLabels, Tensor queryImages, int[] queryLabels, int ways, int shots,
        int queries, List<String> classNames) {

    /** Copies the arrays and checks that shapes, labels and class names agree. */
    public Episode {
        Objects.requireNonNull(supportImages, "supportImages");
        Objects.requireNonNull(queryImages, "queryImages");
        new EpisodeShape(ways, shots, queries); // validates the sizes
        supportLabels = supportLabels.clone();
        queryLabels = queryLabels.clone();
        classNames = List.copyOf(classNames);
        if (classNames.size() != ways) {
            throw new IllegalArgumentException("Episode: " + classNames.size() + " class names for " + ways + " ways");
        }
        checkSet("support", supportImages, supportLabels, ways, shots);
        checkSet("query", queryImages, queryLabels, ways, queries);
        int[] supportShape = supportImages.shape();
        int[] queryShape = queryImages.shape();
        if (!Arrays.equals(supportShape, 1, 4, queryShape, 1, 4)) {
            throw new IllegalArgumentException("Episode: support images " + Arrays.toString(supportShape) + " and query images "
                    + Arrays.toString(queryShape) + " differ in [C, H, W]");
        }
    }

    /** Returns a copy of the support labels. */
    @Override
    public int[] supportLabels() {
        return supportLabels.clone();
    }

    /** Returns a copy of the query labels. */
    @Override
    public int[] queryLabels() {
        return queryLabels.clone();
    }

    /** Returns the shape {@code [C, H, W]} of one image. */
    public int[] imageShape() {
        int[] shape = supportImages.shape();
        return new int[] {shape[1], shape[2], shape[3]};
    }

    /** Returns the episode's size as an {@link EpisodeShape}. */
    public EpisodeShape shape() {
        return new EpisodeShape(ways, shots, queries);
    }

    /** Compares every component, the label arrays by content. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Episode)) {
            return false;
        }
        Episode that = (Episode) other;
        return index == that.index && ways == that.ways && shots == that.shots && queries == that.queries
                && supportImages.equals(that.supportImages) && Arrays.equals(supportLabels, that.supportLabels)
                && queryImages.equals(that.queryImages) && Arrays.equals(queryLabels, that.queryLabels)
                && classNames.equals(that.classNames);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(index, ways, shots, queries, supportImages, queryImages, classNames);
        return 31 * (31 * hash + Arrays.hashCode(supportLabels)) + Arrays.hashCode(queryLabels);
    }

    /** Returns the index, the shape and the class names, without image values. */
    @Override
    public String toString() {
        return "Episode " + index + " (" + shape() + ", classes " + classNames + ")";
    }

    private static void checkSet(String set, Tensor images, int[] labels, int ways, int perClass) {
        int expectedRows = ways * perClass;
        if (images.rank() != 4 || images.dim(0) != expectedRows) {
            throw new IllegalArgumentException("Episode: " + set + " images have shape " + Arrays.toString(images.shape()) + ", expected ["
                    + expectedRows + ", C, H, W]");
        }
        if (labels.length != expectedRows) {
            throw new IllegalArgumentException("Episode: " + labels.length + " " + set + " labels for " + expectedRows + " images");
        }
        int[] counts = new int[ways];
        for (int label : labels) {
            if (label < 0 || label >= ways) {
                throw new IllegalArgumentException("Episode: " + set + " label " + label + " is outside [0, " + ways + ")");
            }
            counts[label]++;
        }
        for (int label = 0; label < ways; label++) {
            if (counts[label] != perClass) {
                throw new IllegalArgumentException("Episode: " + set + " label " + label + " occurs " + counts[label] + " times, expected "
                        + perClass);
            }
        }
    }
}
