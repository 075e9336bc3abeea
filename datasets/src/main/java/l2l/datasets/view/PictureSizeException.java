package l2l.datasets.view;

/**
 * A picture with more pixels than one Java array can store, or whose pixels need more than the
 * Java heap's maximum.
 * Commands catch it to name the option that sets the size, such as the scale, since the pixel
 * counts alone do not.
 */
public final class PictureSizeException extends IllegalArgumentException {

    /**
     * The maximum number of pixels of a picture, {@code Integer.MAX_VALUE - 8}: {@link EpisodeGrid}
     * keeps all pixels in one int array, and {@code l2l.tensor.Shapes} sets the same maximum array
     * length for tensors.
     */
    public static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a picture of {@code width x height} pixels, or of at least that size
     * when {@code exact} is false.
     */
    PictureSizeException(long width, long height, boolean exact) {
        super("the picture would be " + (exact ? "" : "at least ") + width + " x " + height
                + " pixels, more than the maximum Java array length of " + MAX_PIXELS);
    }

    /**
     * Creates the exception for a picture of {@code width x height} pixels whose pixel buffers
     * need {@code bytes}, more than the heap's maximum of {@code heapBytes}.
     */
    PictureSizeException(long width, long height, long bytes, long heapBytes) {
        super("the picture would be " + width + " x " + height + " pixels, whose two pixel buffers need " + mebibytes(bytes)
                + " MiB, more than the Java heap's maximum of " + mebibytes(heapBytes) + " MiB");
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
