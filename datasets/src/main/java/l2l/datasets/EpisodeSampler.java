package l2l.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorSizeException;

/**
 * Draws N-way K-shot episodes with Q queries per class from a {@link ClassDataset}, reproducibly:
 * the same dataset, shape and seed give the same sequence of episodes.
 *
 * <p>Episode {@code i} uses its own {@link Random}, seeded with the SplitMix64 mix of
 * {@code seed} and {@code i}; {@code java.util.Random}'s algorithm is fixed by its specification,
 * so the episodes are the same on every machine and Java version. From that generator, in order:
 *
 * <ol>
 *   <li>N distinct classes, by a partial Fisher-Yates shuffle of all class indices; the l-th class
 *       drawn gets label l, so labels are assigned to classes in a random order;
 *   <li>for each label in turn, K + Q distinct images of its class, likewise; the first K are its
 *       support images and the remaining Q its queries, so support and query never share an image;
 *   <li>a Fisher-Yates shuffle of the support positions, then of the query positions, so that labels
 *       come in a random order.
 * </ol>
 *
 * <p>A sampler is used by one thread: call {@link #next()} for each episode, or hand the sampler to
 * {@link PrefetchingEpisodes} and draw only through that from then on. Reading images is the only
 * work {@link #next()} does on the dataset, and datasets allow concurrent reads.
 */
public final class EpisodeSampler {

    private final ClassDataset dataset;
    private final EpisodeShape shape;
    private final long seed;
    private long drawn;

    private EpisodeSampler(ClassDataset dataset, EpisodeShape shape, long seed) {
        this.dataset = dataset;
        this.shape = shape;
        this.seed = seed;
    }

    /**
     * Creates a sampler after checking that the dataset can supply episodes of this shape.
     *
     * @throws DatasetException when the dataset has fewer than N classes, or a class has fewer than
     *     K + Q images
     * @throws TensorSizeException when the support or query images of an episode would have more
     *     values than the maximum Java array length
     */
    public static EpisodeSampler create(ClassDataset dataset, EpisodeShape shape, long seed) throws DatasetException {
        if (dataset.classCount() < shape.ways()) {
            throw new DatasetException(dataset.name() + " has " + dataset.classCount() + " classes, fewer than the " + shape.ways()
                    + " ways requested; request at most " + dataset.classCount() + " ways or use a larger split");
        }
        List<String> small = new ArrayList<>();
        int largest = 0;
        for (int classIndex = 0; classIndex < dataset.classCount(); classIndex++) {
            largest = Math.max(largest, dataset.imageCount(classIndex));
            if (dataset.imageCount(classIndex) < shape.imagesPerClass()) {
                small.add(dataset.className(classIndex) + " (" + dataset.imageCount(classIndex) + ")");
            }
        }
        if (small.size() == dataset.classCount()) {
            throw new DatasetException("every class of " + dataset.name() + " has fewer than the " + shape.imagesPerClass() + " images that "
                    + shape.shots() + " shots + " + shape.queries() + " queries need (the largest has " + largest
                    + "); lower the shots or queries to at most " + largest + " images per class in all");
        }
        if (!small.isEmpty()) {
            throw new DatasetException(small.size() + " classes of " + dataset.name() + " have fewer than the " + shape.imagesPerClass()
                    + " images that " + shape.shots() + " shots + " + shape.queries() + " queries need, for example "
                    + small.subList(0, Math.min(5, small.size())) + "; lower the shots or queries, or remove those classes");
        }
        // Checks the tensor sizes here, before any image is read, so that a too large episode fails now and not in next().
        int[] imageShape = dataset.imageShape();
        Shapes.size(shape.ways() * shape.shots(), imageShape[0], imageShape[1], imageShape[2]);
        Shapes.size(shape.ways() * shape.queries(), imageShape[0], imageShape[1], imageShape[2]);
        return new EpisodeSampler(dataset, shape, seed);
    }

    /** Returns the dataset episodes are drawn from. */
    public ClassDataset dataset() {
        return dataset;
    }

    /** Returns the episode shape. */
    public EpisodeShape shape() {
        return shape;
    }

    /** Returns the seed. */
    public long seed() {
        return seed;
    }

    /** Returns how many episodes have been drawn so far, which is also the index of the next one. */
    public long episodesDrawn() {
        return drawn;
    }

    /**
     * Draws the next episode and reads its images.
     *
     * @throws DatasetException when an image cannot be read or decoded
     */
    public Episode next() throws DatasetException {
        return build(nextPlan());
    }

    /** Draws the random choices of the next episode without reading any image. */
    EpisodePlan nextPlan() {
        long index = drawn++;
        Random random = new Random(mix(seed + (index + 1) * 0x9E3779B97F4A7C15L));
        int ways = shape.ways();
        int shots = shape.shots();
        int queries = shape.queries();

        int[] classes = partialShuffle(dataset.classCount(), ways, random);
        int[][] drawings = new int[ways][];
        for (int label = 0; label < ways; label++) {
            drawings[label] = partialShuffle(dataset.imageCount(classes[label]), shots + queries, random);
        }

        int[] supportOrder = permutation(ways * shots, random);
        int[] queryOrder = permutation(ways * queries, random);
        int[] supportClasses = new int[ways * shots];
        int[] supportImages = new int[ways * shots];
        int[] supportLabels = new int[ways * shots];
        for (int position = 0; position < supportOrder.length; position++) {
            int label = supportOrder[position] / shots;
            supportLabels[position] = label;
            supportClasses[position] = classes[label];
            supportImages[position] = drawings[label][supportOrder[position] % shots];
        }
        int[] queryClasses = new int[ways * queries];
        int[] queryImages = new int[ways * queries];
        int[] queryLabels = new int[ways * queries];
        for (int position = 0; position < queryOrder.length; position++) {
            int label = queryOrder[position] / queries;
            queryLabels[position] = label;
            queryClasses[position] = classes[label];
            queryImages[position] = drawings[label][shots + queryOrder[position] % queries];
        }
        return new EpisodePlan(index, classes, supportClasses, supportImages, supportLabels, queryClasses, queryImages, queryLabels);
    }

    /**
     * Reads the images of a planned episode. Safe to call from another thread than the one that
     * drew the plan, because it only reads the dataset.
     */
    Episode build(EpisodePlan plan) throws DatasetException {
        Tensor support = stack(plan.supportClasses, plan.supportImages);
        Tensor query = stack(plan.queryClasses, plan.queryImages);
        List<String> names = new ArrayList<>();
        for (int classIndex : plan.classes) {
            names.add(dataset.className(classIndex));
        }
        return new Episode(plan.index, support, plan.supportLabels, query, plan.queryLabels, shape.ways(), shape.shots(), shape.queries(),
                names);
    }

    private Tensor stack(int[] classes, int[] images) throws DatasetException {
        int[] imageShape = dataset.imageShape();
        int imageSize = Shapes.size(imageShape);
        double[] values = new double[Shapes.size(classes.length, imageShape[0], imageShape[1], imageShape[2])];
        for (int position = 0; position < classes.length; position++) {
            Tensor image = dataset.image(classes[position], images[position]);
            if (!image.hasShape(imageShape)) {
                throw new DatasetException("image " + images[position] + " of class " + dataset.className(classes[position]) + " in "
                        + dataset.name() + " has shape " + Arrays.toString(image.shape()) + ", expected " + Arrays.toString(imageShape));
            }
            image.copyTo(values, position * imageSize);
        }
        return Tensor.of(values, classes.length, imageShape[0], imageShape[1], imageShape[2]);
    }

    /** Returns {@code k} distinct values of 0..n-1 drawn uniformly without replacement, in draw order (partial Fisher-Yates). */
    private static int[] partialShuffle(int n, int k, Random random) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return Arrays.copyOf(values, k);
    }

    private static int[] permutation(int n, Random random) {
        return partialShuffle(n, n, random);
    }

    /** Returns David Stafford's variant 13 of the 64-bit mix function, the output step of SplitMix64, which spreads nearby seeds over all 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
