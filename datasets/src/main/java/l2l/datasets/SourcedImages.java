package l2l.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

import l2l.tensor.Tensor;

/**
 * The storage behind the image loaders: named classes, the source of every image, and a cache that
 * decodes each image on its first request. Concurrent requests for one image may both decode it,
 * but the first stored tensor wins, so every caller sees the same tensor.
 */
final class SourcedImages implements ClassDataset {

    private final String name;
    private final ImageSpec spec;
    private final List<String> classNames;
    private final List<List<ImageSource>> sources;
    private final int[] offsets;
    private final AtomicReferenceArray<Tensor> decoded;

    /** Creates the storage; {@code sources.get(c)} lists the images of class {@code classNames.get(c)} in order. */
    SourcedImages(String name, ImageSpec spec, List<String> classNames, List<List<ImageSource>> sources) {
        if (classNames.size() != sources.size()) {
            throw new IllegalArgumentException("SourcedImages: " + classNames.size() + " class names but " + sources.size()
                    + " lists of images");
        }
        this.name = Objects.requireNonNull(name);
        this.spec = Objects.requireNonNull(spec);
        this.classNames = List.copyOf(classNames);
        List<List<ImageSource>> copies = new ArrayList<>(sources.size());
        this.offsets = new int[sources.size() + 1];
        for (int classIndex = 0; classIndex < sources.size(); classIndex++) {
            copies.add(List.copyOf(sources.get(classIndex)));
            offsets[classIndex + 1] = offsets[classIndex] + sources.get(classIndex).size();
        }
        this.sources = List.copyOf(copies);
        this.decoded = new AtomicReferenceArray<>(offsets[sources.size()]);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int classCount() {
        return classNames.size();
    }

    @Override
    public String className(int classIndex) {
        return classNames.get(classIndex);
    }

    @Override
    public int imageCount(int classIndex) {
        return sources.get(classIndex).size();
    }

    @Override
    public int[] imageShape() {
        return spec.shape();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** Returns where image {@code imageIndex} of class {@code classIndex} comes from, for messages. */
    String describe(int classIndex, int imageIndex) {
        return sources.get(classIndex).get(imageIndex).describe();
    }

    @Override
    public Tensor image(int classIndex, int imageIndex) throws DatasetException {
        ImageSource source = sources.get(classIndex).get(imageIndex);
        int slot = offsets[classIndex] + imageIndex;
        Tensor image = decoded.get(slot);
        if (image == null) {
            decoded.compareAndSet(slot, null, spec.decode(source.read(), source.describe()));
            image = decoded.get(slot);
        }
        return image;
    }
}
