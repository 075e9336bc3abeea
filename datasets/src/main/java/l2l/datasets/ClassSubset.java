package l2l.datasets;

import l2l.tensor.Tensor;

/** Some classes of another dataset, in a given order; images are read through the underlying dataset and its cache. */
final class ClassSubset implements ClassDataset {

    private final ClassDataset base;
    private final int[] classIndices;
    private final String name;

    ClassSubset(ClassDataset base, int[] classIndices, String name) {
        for (int classIndex : classIndices) {
            if (classIndex < 0 || classIndex >= base.classCount()) {
                throw new IndexOutOfBoundsException("ClassSubset: class " + classIndex + " is outside [0, " + base.classCount() + ")");
            }
        }
        this.base = base;
        this.classIndices = classIndices.clone();
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int classCount() {
        return classIndices.length;
    }

    @Override
    public String className(int classIndex) {
        return base.className(classIndices[classIndex]);
    }

    @Override
    public int imageCount(int classIndex) {
        return base.imageCount(classIndices[classIndex]);
    }

    @Override
    public int[] imageShape() {
        return base.imageShape();
    }

    @Override
    public Tensor image(int classIndex, int imageIndex) throws DatasetException {
        return base.image(classIndices[classIndex], imageIndex);
    }
}
