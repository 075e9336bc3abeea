package l2l.datasets;

import java.util.List;

import l2l.tensor.Tensor;

/** A dataset of tensors already in memory, for tests of code that reads any {@link ClassDataset}. */
public final class TensorDataset implements ClassDataset {

    private final List<String> names;
    private final List<List<Tensor>> images;

    public TensorDataset(List<String> names, List<List<Tensor>> images) {
        this.names = List.copyOf(names);
        this.images = List.copyOf(images);
    }

    /**
     * Returns a dataset of {@code classes} classes named {@code c0, c1, ...}, where class {@code c}
     * has {@code imagesPerClass} images of shape [1, 2, 2] filled with the value {@code 100 * c + i}
     * for image {@code i}, so every image tells its class and index.
     */
    public static TensorDataset numbered(int classes, int imagesPerClass) {
        List<String> names = new java.util.ArrayList<>();
        List<List<Tensor>> images = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
            List<Tensor> classImages = new java.util.ArrayList<>();
            for (int i = 0; i < imagesPerClass; i++) {
                classImages.add(Tensor.full(100.0 * c + i, 1, 2, 2));
            }
            images.add(classImages);
        }
        return new TensorDataset(names, images);
    }

    @Override
    public String name() {
        return "tensors";
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
        return images.get(classIndex).size();
    }

    @Override
    public int[] imageShape() {
        return images.get(0).get(0).shape();
    }

    @Override
    public Tensor image(int classIndex, int imageIndex) {
        return images.get(classIndex).get(imageIndex);
    }
}
