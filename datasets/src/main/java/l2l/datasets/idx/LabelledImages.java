package l2l.datasets.idx;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import l2l.datasets.ClassDataset;
import l2l.tensor.Tensor;

/**
 * Grayscale images with one integer label each, as read from an MNIST-style pair of IDX files.
 *
 * <p>Pixels are kept as the stored unsigned bytes and become doubles {@code byte / 255} in
 * {@code [0, 1]} only when a tensor is requested. One byte per pixel is about 0.8 MB per thousand
 * 28x28 images, and a tensor of them takes eight times as much. Instances are immutable and safe to
 * share between threads.
 */
public final class LabelledImages {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;

    LabelledImages(String name, byte[] pixels, int[] labels, int height, int width) {
        if ((long) labels.length * height * width != pixels.length) {
            throw new IllegalArgumentException("LabelledImages: " + pixels.length + " pixels do not fill " + labels.length + " images of "
                    + height + "x" + width);
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels.clone();
        this.height = height;
        this.width = width;
    }

    /** Returns a description such as {@code mnist-10k train}. */
    public String name() {
        return name;
    }

    /** Returns the number of images. */
    public int size() {
        return labels.length;
    }

    /** Returns the image height in pixels. */
    public int height() {
        return height;
    }

    /** Returns the image width in pixels. */
    public int width() {
        return width;
    }

    /** Returns the label of image {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** Returns a copy of all labels, in file order. */
    public int[] labels() {
        return labels.clone();
    }

    /** Returns the labels of the images at {@code indices}, in that order. */
    public int[] labels(int[] indices) {
        int[] selected = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            selected[i] = labels[indices[i]];
        }
        return selected;
    }

    /** Returns image {@code index} as a tensor of shape {@code [1, H, W]}. */
    public Tensor image(int index) {
        return Tensor.of(toDoubles(new int[] {index}), 1, height, width);
    }

    /** Returns all images as a tensor of shape {@code [N, 1, H, W]}, for example {@code [8000, 1, 28, 28]}. */
    public Tensor images() {
        return Tensor.of(toDoubles(allIndices()), labels.length, 1, height, width);
    }

    /** Returns all images flattened, as a tensor of shape {@code [N, H * W]}, for example {@code [8000, 784]}. */
    public Tensor flatImages() {
        return Tensor.of(toDoubles(allIndices()), labels.length, height * width);
    }

    /** Returns the images at {@code indices}, in that order, flattened to shape {@code [indices.length, H * W]}, for minibatches. */
    public Tensor flatImages(int[] indices) {
        return Tensor.of(toDoubles(indices), indices.length, height * width);
    }

    /**
     * Returns a view with one class per distinct label, ordered by label value and named by it
     * ({@code "0"}, {@code "1"}, ...); each class lists its images in file order.
     */
    public ClassDataset asClassDataset() {
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], label -> new ArrayList<>()).add(i);
        }
        List<String> names = new ArrayList<>();
        List<int[]> members = new ArrayList<>();
        byLabel.forEach((label, indices) -> {
            names.add(Integer.toString(label));
            members.add(indices.stream().mapToInt(Integer::intValue).toArray());
        });
        return new LabelClasses(this, names, members);
    }

    private int[] allIndices() {
        int[] indices = new int[labels.length];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private double[] toDoubles(int[] indices) {
        int imageSize = height * width;
        double[] values = new double[indices.length * imageSize];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= labels.length) {
                throw new IndexOutOfBoundsException("LabelledImages: index " + indices[i] + " is outside [0, " + labels.length + ")");
            }
            int source = indices[i] * imageSize;
            for (int pixel = 0; pixel < imageSize; pixel++) {
                values[i * imageSize + pixel] = (pixels[source + pixel] & 0xFF) / 255.0;
            }
        }
        return values;
    }

    /** The class view of {@link #asClassDataset()}. */
    private static final class LabelClasses implements ClassDataset {

        private final LabelledImages images;
        private final List<String> names;
        private final List<int[]> members;

        LabelClasses(LabelledImages images, List<String> names, List<int[]> members) {
            this.images = images;
            this.names = List.copyOf(names);
            this.members = List.copyOf(members);
        }

        @Override
        public String name() {
            return images.name();
        }

        @Override
        public int classCount() {
            return names.size();
        }

        @Override
        public String className(int classIndex) {
            return names.get(classIndex);
        }

        @Override
        public int imageCount(int classIndex) {
            return members.get(classIndex).length;
        }

        @Override
        public int[] imageShape() {
            return new int[] {1, images.height(), images.width()};
        }

        @Override
        public Tensor image(int classIndex, int imageIndex) {
            return images.image(members.get(classIndex)[imageIndex]);
        }
    }
}
