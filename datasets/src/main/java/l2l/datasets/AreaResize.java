package l2l.datasets;

/**
 * Resizing by area averaging (a box filter with exact coverage). Output pixel {@code o} of an axis
 * that shrinks or grows from {@code in} to {@code out} pixels covers the source interval
 * {@code [o * in / out, (o + 1) * in / out)}; each source pixel {@code i}, the interval
 * {@code [i, i + 1)}, contributes its value times the length of its overlap with that interval,
 * divided by {@code in / out}. Weights are computed from integer overlaps, so they are exact
 * fractions of {@code in}. The two axes are applied one after the other, width first.
 *
 * <p>For 105 to 28 pixels (Omniglot) each output pixel covers 3.75 source pixels. Pillow's
 * {@code Image.BOX} filter differs at such non-integer factors: it assigns every source pixel whole
 * to the one output pixel whose interval contains the source pixel's centre, so the two agree only
 * when {@code in} is a multiple of {@code out}.
 */
final class AreaResize {

    private AreaResize() {
    }

    /**
     * Returns {@code pixels}, laid out {@code [channels, height, width]}, resized to
     * {@code [channels, newHeight, newWidth]}.
     */
    static double[] resize(double[] pixels, int channels, int height, int width, int newHeight, int newWidth) {
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("AreaResize: " + pixels.length + " values do not fill [" + channels + ", "
                    + height + ", " + width + "]");
        }
        Weights columns = Weights.of(width, newWidth);
        Weights rows = Weights.of(height, newHeight);

        double[] narrowed = new double[channels * height * newWidth];
        for (int channel = 0; channel < channels; channel++) {
            for (int y = 0; y < height; y++) {
                int source = (channel * height + y) * width;
                int target = (channel * height + y) * newWidth;
                for (int x = 0; x < newWidth; x++) {
                    narrowed[target + x] = columns.apply(x, pixels, source, 1);
                }
            }
        }

        double[] resized = new double[channels * newHeight * newWidth];
        for (int channel = 0; channel < channels; channel++) {
            int source = channel * height * newWidth;
            for (int y = 0; y < newHeight; y++) {
                int target = (channel * newHeight + y) * newWidth;
                for (int x = 0; x < newWidth; x++) {
                    resized[target + x] = rows.apply(y, narrowed, source + x, newWidth);
                }
            }
        }
        return resized;
    }

    /** The weights of one axis: output pixel {@code o} reads source pixels {@code first[o]} onwards with {@code weights[o]}. */
    private static final class Weights {

        private final int[] first;
        private final double[][] weights;

        private Weights(int[] first, double[][] weights) {
            this.first = first;
            this.weights = weights;
        }

        /** Computes the weights for an axis of {@code in} source pixels and {@code out} output pixels. */
        static Weights of(int in, int out) {
            int[] first = new int[out];
            double[][] weights = new double[out][];
            for (int o = 0; o < out; o++) {
                // In units of 1/out of a source pixel: output o spans [o*in, (o+1)*in), source i spans [i*out, (i+1)*out).
                long start = (long) o * in;
                long end = start + in;
                int firstPixel = (int) (start / out);
                int lastPixel = (int) ((end - 1) / out);
                first[o] = firstPixel;
                weights[o] = new double[lastPixel - firstPixel + 1];
                for (int i = firstPixel; i <= lastPixel; i++) {
                    long overlap = Math.min(end, (long) (i + 1) * out) - Math.max(start, (long) i * out);
                    weights[o][i - firstPixel] = (double) overlap / in;
                }
            }
            return new Weights(first, weights);
        }

        /** Returns the weighted sum for output pixel {@code o}, reading source pixel i at {@code offset + i * stride}. */
        double apply(int o, double[] values, int offset, int stride) {
            double sum = 0.0;
            double[] row = weights[o];
            int position = offset + first[o] * stride;
            for (double weight : row) {
                sum += weight * values[position];
                position += stride;
            }
            return sum;
        }
    }
}
