package l2l.tensor;

/**
 * Two-dimensional max pooling without padding, rounding the output size down as PyTorch's
 * {@code max_pool2d} does: {@code Ho = floor((H - k) / s) + 1}.
 *
 * <p>{@link #maxPool2d} also returns, for every output element, the flat row-major position in
 * the input of the maximum it took. Within a window, the first maximum in row-major order wins,
 * as in PyTorch, and a NaN counts as larger than every number. {@link #scatter} routes output
 * gradients back to those positions, and {@link #gather}, its adjoint, reads values at them.
 */
public final class Pooling {

    /** Input planes per block of a parallel pooling; a block's work depends on the shape only, never on the thread count. */
    private static final int PLANES_PER_BLOCK = 64;

    private Pooling() {
    }

    /**
     * The result of max pooling.
     *
     * @param output the maxima {@code [B, C, Ho, Wo]}
     * @param positions for every output element in row-major order, the flat position of its maximum in the input
     */
    public record MaxPooling(Tensor output, int[] positions) {
    }

    /** Returns the window maxima of {@code input [B, C, H, W]} and their positions. */
    public static MaxPooling maxPool2d(Tensor input, int kernel, int stride) {
        int[] shape = input.shapeUnsafe();
        if (shape.length != 4) {
            throw new IllegalArgumentException("maxPool2d: expected an input [B, C, H, W], got shape " + Shapes.toString(shape));
        }
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool2d: kernel size " + kernel + " and stride " + stride + " must be at least 1");
        }
        int planes = shape[0] * shape[1];
        int height = shape[2];
        int width = shape[3];
        if (kernel > height || kernel > width) {
            throw new IllegalArgumentException("maxPool2d: kernel size " + kernel + " exceeds the input " + Shapes.toString(shape));
        }
        int outHeight = (height - kernel) / stride + 1;
        int outWidth = (width - kernel) / stride + 1;

        double[] in = input.data();
        double[] out = new double[planes * outHeight * outWidth];
        int[] positions = new int[out.length];
        int blocks = (planes + PLANES_PER_BLOCK - 1) / PLANES_PER_BLOCK;
        Parallelism.forEachBlock(blocks, block -> {
            int end = Math.min(planes, (block + 1) * PLANES_PER_BLOCK);
            for (int plane = block * PLANES_PER_BLOCK; plane < end; plane++) {
                maxPoolPlane(in, plane * height * width, width, kernel, stride, out, positions, plane * outHeight * outWidth, outHeight,
                        outWidth);
            }
        });
        return new MaxPooling(Tensor.wrap(out, shape[0], shape[1], outHeight, outWidth), positions);
    }

    /** Writes the window maxima of the plane at {@code planeOffset} and their positions from {@code outOffset}. */
    private static void maxPoolPlane(double[] in, int planeOffset, int width, int kernel, int stride, double[] out, int[] positions,
            int outOffset, int outHeight, int outWidth) {
        int k = outOffset;
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                int best = planeOffset + oy * stride * width + ox * stride;
                double bestValue = in[best];
                for (int i = 0; i < kernel && !Double.isNaN(bestValue); i++) {
                    int row = planeOffset + (oy * stride + i) * width + ox * stride;
                    for (int j = 0; j < kernel; j++) {
                        double value = in[row + j];
                        if (value > bestValue || Double.isNaN(value)) {
                            best = row + j;
                            bestValue = value;
                            if (Double.isNaN(value)) {
                                break;
                            }
                        }
                    }
                }
                out[k] = bestValue;
                positions[k] = best;
                k++;
            }
        }
    }

    /**
     * Returns a tensor of {@code inputShape}, zero except that every element of
     * {@code outputGradient} is added at its entry of {@code positions}: the gradient of max
     * pooling with respect to its input.
     */
    public static Tensor scatter(Tensor outputGradient, int[] positions, int[] inputShape) {
        if (outputGradient.size() != positions.length) {
            throw new IllegalArgumentException("maxPool2d: the gradient of shape " + Shapes.toString(outputGradient.shapeUnsafe())
                    + " has " + outputGradient.size() + " elements but there are " + positions.length + " positions");
        }
        double[] gradient = outputGradient.data();
        double[] out = new double[Shapes.size(inputShape)];
        for (int k = 0; k < positions.length; k++) {
            out[positions[k]] += gradient[k];
        }
        return Tensor.wrap(out, inputShape.clone());
    }

    /** Returns the elements of {@code input} at {@code positions}, in the shape {@code outputShape}: the adjoint of {@link #scatter}. */
    public static Tensor gather(Tensor input, int[] positions, int[] outputShape) {
        if (Shapes.size(outputShape) != positions.length) {
            throw new IllegalArgumentException("maxPool2d: output shape " + Shapes.toString(outputShape) + " does not hold "
                    + positions.length + " positions");
        }
        double[] in = input.data();
        double[] out = new double[positions.length];
        for (int k = 0; k < positions.length; k++) {
            out[k] = in[positions[k]];
        }
        return Tensor.wrap(out, outputShape.clone());
    }
}
