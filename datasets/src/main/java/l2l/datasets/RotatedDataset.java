package l2l.datasets;

import l2l.tensor.Tensor;

/**
 * A dataset with each class of another dataset four times: as it is and rotated counter-clockwise
 * by 90, 180 and 270 degrees, each rotation a class of its own. This is the usual augmentation of
 * Omniglot's meta-training characters.
 *
 * <p>Class {@code 4 * c + r} is class {@code c} of the underlying dataset rotated by {@code r}
 * quarter turns, named {@code <name>}, {@code <name>+rot90}, {@code <name>+rot180} and
 * {@code <name>+rot270}. Images must be square. Rotated images are computed on each request from
 * the underlying dataset's cached images.
 */
public final class RotatedDataset implements ClassDataset {

    /** The number of classes made from each underlying class. */
    public static final int ROTATIONS = 4;

    private final ClassDataset base;

    private RotatedDataset(ClassDataset base) {
        this.base = base;
    }

    /** Returns the rotated view of {@code base}, whose images must be square. */
    public static RotatedDataset of(ClassDataset base) {
        int[] shape = base.imageShape();
        if (shape[1] != shape[2]) {
            throw new IllegalArgumentException("RotatedDataset: images of " + base.name() + " are " + shape[1] + "x" + shape[2]
                    + "; rotating by 90 degrees needs square images");
        }
        return new RotatedDataset(base);
    }

    @Override
    public String name() {
        return base.name() + " with rotations";
    }

    @Override
    public int classCount() {
        return ROTATIONS * base.classCount();
    }

    @Override
    public String className(int classIndex) {
        String name = base.className(classIndex / ROTATIONS);
        int quarterTurns = classIndex % ROTATIONS;
        return quarterTurns == 0 ? name : name + "+rot" + (90 * quarterTurns);
    }

    @Override
    public int imageCount(int classIndex) {
        return base.imageCount(classIndex / ROTATIONS);
    }

    @Override
    public int[] imageShape() {
        return base.imageShape();
    }

    @Override
    public Tensor image(int classIndex, int imageIndex) throws DatasetException {
        return rotate(base.image(classIndex / ROTATIONS, imageIndex), classIndex % ROTATIONS);
    }

    /**
     * Returns {@code image} of shape {@code [C, S, S]} rotated counter-clockwise by
     * {@code quarterTurns} times 90 degrees; one quarter turn maps element {@code (c, y, x)} of the
     * result to {@code (c, x, S - 1 - y)} of the input.
     */
    static Tensor rotate(Tensor image, int quarterTurns) {
        int channels = image.dim(0);
        int side = image.dim(1);
        double[] values = image.toArray();
        for (int turn = 0; turn < quarterTurns; turn++) {
            double[] rotated = new double[values.length];
            for (int channel = 0; channel < channels; channel++) {
                int plane = channel * side * side;
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        rotated[plane + y * side + x] = values[plane + x * side + (side - 1 - y)];
                    }
                }
            }
            values = rotated;
        }
        return Tensor.of(values, channels, side, side);
    }
}
