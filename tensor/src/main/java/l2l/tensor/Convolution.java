package l2l.tensor;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Two-dimensional convolution (cross-correlation, as in PyTorch's {@code conv2d}) on the matrix
 * product, by im2col.
 *
 * <p>{@link #im2col} copies every receptive field of a {@code [B, C, H, W]} input into a column:
 * the result {@code [B, C kh kw, Ho Wo]} has {@code cols[b, (c kh + i) kw + j, oy Wo + ox] =
 * x[b, c, oy s - p + i, ox s - p + j]}, or 0 where that position falls in the zero padding. The
 * convolution is then the product {@code weight [Co, C kh kw] x cols[b]} for every batch entry,
 * already in the {@code [B, Co, Ho Wo]} layout of the output. {@link #col2im} is the adjoint of
 * im2col: it adds every column entry back onto the input position it came from, which gives the
 * gradient with respect to the input.
 *
 * <p>{@link #multiplyColumns}, {@link #weightGradient}, {@link #biasGradient} and
 * {@link #inputGradient} are that product and its gradients, written for the convolution's
 * shapes: the bias starts each output row instead of taking a pass of its own, the weight
 * gradient sums over the batch without a {@code [B, Co, C kh kw]} intermediate, and the input
 * gradient goes through one image's columns at a time.
 *
 * <p>Output sizes: {@code Ho = floor((H + 2p - kh) / s) + 1}, likewise for the width.
 */
public final class Convolution {

    /** Columns with fewer values than this are copied on the calling thread. */
    private static final long PARALLEL_MIN_VALUES = 1L << 18;
    /** Batch entries per task and per partial sum of the weight gradient. */
    static final int GRADIENT_CHUNK_ENTRIES = 8;
    /** Each thread's buffer for the columns of one image, kept between calls. */
    private static final ThreadLocal<double[]> COLUMN_BUFFER = new ThreadLocal<>();

    private Convolution() {
    }

    /** Returns {@code floor((size + 2 padding - kernel) / stride) + 1}, the output size along one spatial axis. */
    public static int outputSize(int size, int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: kernel size " + kernel + ", stride " + stride + " and padding " + padding
                    + " are invalid; kernel and stride must be at least 1 and padding at least 0");
        }
        int span = size + 2 * padding - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("conv2d: kernel size " + kernel + " exceeds the padded input size " + (size + 2 * padding));
        }
        return span / stride + 1;
    }

    /**
     * Returns the columns {@code [B, C kh kw, Ho Wo]} of a {@code [B, C, H, W]} input, as described
     * on the class.
     */
    public static Tensor im2col(Tensor input, int kernelHeight, int kernelWidth, int stride, int padding) {
        int[] shape = input.shapeUnsafe();
        if (shape.length != 4) {
            throw new IllegalArgumentException("im2col: expected an input [B, C, H, W], got shape " + Shapes.toString(shape));
        }
        int batch = shape[0];
        int channels = shape[1];
        int height = shape[2];
        int width = shape[3];
        int outHeight = outputSize(height, kernelHeight, stride, padding);
        int outWidth = outputSize(width, kernelWidth, stride, padding);
        int rows = channels * kernelHeight * kernelWidth;
        int positions = outHeight * outWidth;

        double[] in = input.data();
        double[] out = new double[batch * rows * positions];
        ImageShape image = new ImageShape(channels, height, width, kernelHeight, kernelWidth, stride, padding);
        forEachImage(batch, rows * positions, b -> imageColumns(in, image, b, out, b * rows * positions));
        return Tensor.wrap(out, batch, rows, positions);
    }

    /**
     * Returns the {@code [B, C, H, W]} tensor whose im2col is adjoint to {@code columns}: every
     * entry of {@code columns [B, C kh kw, Ho Wo]} is added at the input position it was copied
     * from, and entries that came from the padding are dropped.
     */
    public static Tensor col2im(Tensor columns, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride,
            int padding) {
        int outHeight = outputSize(height, kernelHeight, stride, padding);
        int outWidth = outputSize(width, kernelWidth, stride, padding);
        int rows = channels * kernelHeight * kernelWidth;
        int positions = outHeight * outWidth;
        int[] shape = columns.shapeUnsafe();
        if (shape.length != 3 || shape[1] != rows || shape[2] != positions) {
            throw new IllegalArgumentException("col2im: columns of shape " + Shapes.toString(shape) + " do not match [B, " + rows + ", "
                    + positions + "], the columns of a [B, " + channels + ", " + height + ", " + width + "] input for a " + kernelHeight
                    + "x" + kernelWidth + " kernel with stride " + stride + " and padding " + padding);
        }
        int batch = shape[0];
        double[] in = columns.data();
        double[] out = new double[batch * channels * height * width];
        ImageShape image = new ImageShape(channels, height, width, kernelHeight, kernelWidth, stride, padding);
        forEachImage(batch, rows * positions, b -> addColumns(in, b * rows * positions, image, out, b));
        return Tensor.wrap(out, batch, channels, height, width);
    }

    /** The input and kernel geometry of a convolution, for {@link #addColumns}. */
    private record ImageShape(int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding) {

        int outHeight() {
            return outputSize(height, kernelHeight, stride, padding);
        }

        int outWidth() {
            return outputSize(width, kernelWidth, stride, padding);
        }
    }

    /**
     * Writes the columns {@code [C kh kw, Ho Wo]} of image {@code b} of {@code in} to {@code out}
     * from {@code outOffset}. Every entry is written, zeros for the padding included, so
     * {@code out} may be a reused buffer.
     */
    private static void imageColumns(double[] in, ImageShape image, int b, double[] out, int outOffset) {
        int height = image.height();
        int width = image.width();
        int kernelHeight = image.kernelHeight();
        int kernelWidth = image.kernelWidth();
        int stride = image.stride();
        int padding = image.padding();
        int outHeight = image.outHeight();
        int outWidth = image.outWidth();
        int positions = outHeight * outWidth;
        for (int c = 0; c < image.channels(); c++) {
            int channelOffset = (b * image.channels() + c) * height * width;
            for (int i = 0; i < kernelHeight; i++) {
                for (int j = 0; j < kernelWidth; j++) {
                    int rowOffset = outOffset + ((c * kernelHeight + i) * kernelWidth + j) * positions;
                    int first = Math.min(outWidth, firstInside(j, stride, padding));
                    int end = Math.max(first, endInside(j, stride, padding, width, outWidth));
                    for (int oy = 0; oy < outHeight; oy++) {
                        int y = oy * stride - padding + i;
                        int outRow = rowOffset + oy * outWidth;
                        if (y < 0 || y >= height) {
                            Arrays.fill(out, outRow, outRow + outWidth, 0.0);
                            continue;
                        }
                        int inRow = channelOffset + y * width - padding + j;
                        Arrays.fill(out, outRow, outRow + first, 0.0);
                        for (int ox = first; ox < end; ox++) {
                            out[outRow + ox] = in[inRow + ox * stride];
                        }
                        Arrays.fill(out, outRow + end, outRow + outWidth, 0.0);
                    }
                }
            }
        }
    }

    /**
     * Returns the first output column {@code ox} whose input column
     * {@code ox stride - padding + j} is not left of the image.
     */
    private static int firstInside(int j, int stride, int padding) {
        return Math.max(0, Math.floorDiv(padding - j + stride - 1, stride));
    }

    /**
     * Returns one past the last output column {@code ox} whose input column
     * {@code ox stride - padding + j} is not right of the image, at most {@code outWidth}.
     */
    private static int endInside(int j, int stride, int padding, int width, int outWidth) {
        return Math.min(outWidth, Math.floorDiv(width - 1 + padding - j, stride) + 1);
    }

    /** Adds the columns {@code [C kh kw, Ho Wo]} of one image, from {@code in[inOffset]}, onto image {@code b} of {@code out}. */
    private static void addColumns(double[] in, int inOffset, ImageShape image, double[] out, int b) {
        int channels = image.channels();
        int height = image.height();
        int width = image.width();
        int kernelHeight = image.kernelHeight();
        int kernelWidth = image.kernelWidth();
        int stride = image.stride();
        int padding = image.padding();
        int outHeight = image.outHeight();
        int outWidth = image.outWidth();
        int positions = outHeight * outWidth;
        for (int c = 0; c < channels; c++) {
            int channelOffset = (b * channels + c) * height * width;
            for (int i = 0; i < kernelHeight; i++) {
                for (int j = 0; j < kernelWidth; j++) {
                    int row = (c * kernelHeight + i) * kernelWidth + j;
                    int rowOffset = inOffset + row * positions;
                    int first = firstInside(j, stride, padding);
                    int end = endInside(j, stride, padding, width, outWidth);
                    for (int oy = 0; oy < outHeight; oy++) {
                        int y = oy * stride - padding + i;
                        if (y < 0 || y >= height) {
                            continue;
                        }
                        int outRow = channelOffset + y * width - padding + j;
                        int inRow = rowOffset + oy * outWidth;
                        for (int ox = first; ox < end; ox++) {
                            out[outRow + ox * stride] += in[inRow + ox];
                        }
                    }
                }
            }
        }
    }

    /**
     * Returns the gradient of a convolution with respect to its input {@code [B, C, H, W]}:
     * {@code col2im(weight^T outputGradient[b])} for every batch entry, with {@code weight [Co, C kh kw]}
     * and {@code outputGradient [B, Co, Ho Wo]}. Each entry's columns go through a scratch buffer
     * of {@code [C kh kw, Ho Wo]} instead of a {@code [B, C kh kw, Ho Wo]} tensor, with the same
     * bits as {@link #col2im} of {@code weight.transposedMatmul(outputGradient)}.
     *
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static Tensor inputGradient(Tensor weight, Tensor outputGradient, int channels, int height, int width, int kernelHeight,
            int kernelWidth, int stride, int padding) {
        int outHeight = outputSize(height, kernelHeight, stride, padding);
        int outWidth = outputSize(width, kernelWidth, stride, padding);
        int rows = channels * kernelHeight * kernelWidth;
        int positions = outHeight * outWidth;
        int[] weightShape = weight.shapeUnsafe();
        int[] gradientShape = outputGradient.shapeUnsafe();
        if (weightShape.length != 2 || weightShape[1] != rows || gradientShape.length != 3 || gradientShape[1] != weightShape[0]
                || gradientShape[2] != positions) {
            throw new IllegalArgumentException("conv2d: a weight [Co, " + rows + "] and an output gradient [B, Co, " + positions
                    + "] are needed for a [B, " + channels + ", " + height + ", " + width + "] input and a " + kernelHeight + "x"
                    + kernelWidth + " kernel with stride " + stride + " and padding " + padding + ", got shapes "
                    + Shapes.toString(weightShape) + " and " + Shapes.toString(gradientShape));
        }
        int outChannels = weightShape[0];
        boolean kernelRoute = (long) rows * positions <= MatrixProduct.KERNEL_MAX_ELEMENTS
                && (long) MatrixProduct.DEPTH_BLOCK * positions <= MatrixProduct.KERNEL_MAX_ELEMENTS
                && outChannels <= MatrixProduct.REDUCTION_CHUNK;
        if (!kernelRoute) {
            // Where transposedMatmul leaves its kernel, this follows it, so the bits stay the same.
            return col2im(weight.transposedMatmul(outputGradient), channels, height, width, kernelHeight, kernelWidth, stride, padding);
        }

        int batch = gradientShape[0];
        double[] weights = weight.data();
        double[] gradient = outputGradient.data();
        double[] out = new double[batch * channels * height * width];
        ImageShape image = new ImageShape(channels, height, width, kernelHeight, kernelWidth, stride, padding);
        forEachImage(batch, rows * positions, b -> {
            double[] columns = columnBuffer(rows * positions);
            // The product weight^T outputGradient[b], in the same multiply-add order as transposedMatmul.
            for (int depth = 0; depth < outChannels; depth += MatrixProduct.DEPTH_BLOCK) {
                GemmKernel.multiply(new GemmKernel.Operands(weights, depth * rows, 1, rows, gradient, (b * outChannels + depth) * positions,
                        positions, columns, 0, positions, Math.min(MatrixProduct.DEPTH_BLOCK, outChannels - depth), positions, depth > 0),
                        0, rows);
            }
            addColumns(columns, 0, image, out, b);
        });
        Elementwise.requireFinite("conv2d", out, new int[] {batch, channels, height, width}, weight, outputGradient);
        return Tensor.wrap(out, batch, channels, height, width);
    }

    /**
     * Runs {@code task} for every image, on several threads when the columns are large. Every
     * image reads and writes its own parts of the arrays, so the result does not depend on the
     * thread count.
     */
    private static void forEachImage(int batch, int columnsPerImage, Parallelism.BlockTask task) {
        if ((long) batch * columnsPerImage >= PARALLEL_MIN_VALUES) {
            Parallelism.forEachBlock(batch, task);
        } else {
            for (int b = 0; b < batch; b++) {
                task.run(b);
            }
        }
    }

    /**
     * Returns the convolution of {@code input [B, C, H, W]} with {@code weight [Co, C, kh, kw]}
     * plus {@code bias [Co]} (or no bias when null): {@code [B, Co, Ho, Wo]}.
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        int[] weightShape = checkShapes(input.shapeUnsafe(), weight.shapeUnsafe(), bias == null ? null : bias.shapeUnsafe());
        int outChannels = weightShape[0];
        int batch = input.dim(0);
        Tensor output = multiplyImageColumns(input, weight.reshape(outChannels, -1), bias, weightShape[2], weightShape[3], stride, padding);
        int outHeight = outputSize(input.dim(2), weightShape[2], stride, padding);
        int outWidth = outputSize(input.dim(3), weightShape[3], stride, padding);
        return output.reshape(batch, outChannels, outHeight, outWidth);
    }

    /**
     * Returns {@code weight columns[b] + bias} for every batch entry: with {@code columns [B, K, P]}
     * from {@link #im2col} ({@code K = C kh kw}, {@code P = Ho Wo}), {@code weight [Co, K]} and
     * {@code bias [Co]} or null for none, the convolution output {@code [B, Co, P]}. Each output
     * row starts at its bias and the product is added onto it.
     *
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static Tensor multiplyColumns(Tensor columns, Tensor weight, Tensor bias) {
        int[] shape = columns.shapeUnsafe();
        int[] weightShape = weight.shapeUnsafe();
        if (shape.length != 3 || weightShape.length != 2 || weightShape[1] != shape[1]) {
            throw new IllegalArgumentException("conv2d: expected columns [B, K, P] and a weight [Co, K] with the same K, got shapes "
                    + Shapes.toString(shape) + " and " + Shapes.toString(weightShape));
        }
        int outChannels = weightShape[0];
        if (bias != null && !bias.hasShape(outChannels)) {
            throw new IllegalArgumentException("conv2d: the bias has shape " + Shapes.toString(bias.shapeUnsafe()) + " but the weight "
                    + Shapes.toString(weightShape) + " needs [" + outChannels + "]");
        }
        int batch = shape[0];
        int depth = shape[1];
        int positions = shape[2];
        if ((long) depth * positions > MatrixProduct.KERNEL_MAX_ELEMENTS || outChannels == 0 || positions == 0) {
            // Columns too large for the kernel's cache blocking, or an empty product: the general route.
            Tensor output = weight.matmul(columns);
            return bias == null ? output : output.add(bias.reshape(outChannels, 1));
        }

        double[] weights = weight.data();
        double[] in = columns.data();
        double[] biases = bias == null ? null : bias.data();
        double[] out = new double[batch * outChannels * positions];
        forEachImage(batch, depth * positions, b -> multiplyImage(weights, biases, outChannels, depth, positions, in, b * depth * positions,
                out, b * outChannels * positions));
        int[] outShape = {batch, outChannels, positions};
        Elementwise.requireFinite("conv2d", out, outShape, bias == null ? new Tensor[] {columns, weight} : new Tensor[] {columns, weight, bias});
        return Tensor.wrap(out, outShape);
    }

    /** Writes {@code weight [Co, K] columns [K, P] + bias} for the columns at {@code in[inOffset]} to {@code out} from {@code outOffset}. */
    private static void multiplyImage(double[] weights, double[] biases, int outChannels, int depth, int positions, double[] in,
            int inOffset, double[] out, int outOffset) {
        if (biases != null) {
            for (int channel = 0; channel < outChannels; channel++) {
                int row = outOffset + channel * positions;
                Arrays.fill(out, row, row + positions, biases[channel]);
            }
        }
        GemmKernel.multiply(new GemmKernel.Operands(weights, 0, depth, 1, in, inOffset, positions, out, outOffset, positions, depth,
                positions, biases != null), 0, outChannels);
    }

    /**
     * Returns the convolution {@code [B, Co, Ho Wo]} of {@code input [B, C, H, W]} with
     * {@code weight [Co, C kh kw]} plus {@code bias [Co]} (or none when null), the result of
     * {@code multiplyColumns(im2col(input, ...), weight, bias)} bit for bit. Each image's columns
     * go to a buffer that the thread reuses, so the {@code [B, C kh kw, Ho Wo]} columns of the
     * whole batch never exist at once.
     *
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static Tensor multiplyImageColumns(Tensor input, Tensor weight, Tensor bias, int kernelHeight, int kernelWidth, int stride,
            int padding) {
        ImageShape image = imageShape(input, kernelHeight, kernelWidth, stride, padding);
        int depth = image.channels() * kernelHeight * kernelWidth;
        int positions = image.outHeight() * image.outWidth();
        int[] weightShape = weight.shapeUnsafe();
        int outChannels = weightShape.length == 2 ? weightShape[0] : 0;
        if (weightShape.length != 2 || weightShape[1] != depth || (bias != null && !bias.hasShape(outChannels))
                || (long) depth * positions > MatrixProduct.KERNEL_MAX_ELEMENTS || outChannels == 0 || positions == 0) {
            // Shapes to report, or columns beyond the kernel's cache blocking: the route through the whole batch's columns.
            return multiplyColumns(im2col(input, kernelHeight, kernelWidth, stride, padding), weight, bias);
        }
        int batch = input.dim(0);
        double[] in = input.data();
        double[] weights = weight.data();
        double[] biases = bias == null ? null : bias.data();
        double[] out = new double[batch * outChannels * positions];
        forEachImage(batch, depth * positions, b -> {
            double[] columns = columnBuffer(depth * positions);
            imageColumns(in, image, b, columns, 0);
            multiplyImage(weights, biases, outChannels, depth, positions, columns, 0, out, b * outChannels * positions);
        });
        int[] outShape = {batch, outChannels, positions};
        Elementwise.requireFinite("conv2d", out, outShape, bias == null ? new Tensor[] {input, weight} : new Tensor[] {input, weight, bias});
        return Tensor.wrap(out, outShape);
    }

    /** Returns the calling thread's column buffer, with room for at least {@code size} values. */
    private static double[] columnBuffer(int size) {
        double[] buffer = COLUMN_BUFFER.get();
        if (buffer == null || buffer.length < size) {
            buffer = new double[size];
            COLUMN_BUFFER.set(buffer);
        }
        return buffer;
    }

    /** Returns the geometry of a convolution of {@code input [B, C, H, W]}. */
    private static ImageShape imageShape(Tensor input, int kernelHeight, int kernelWidth, int stride, int padding) {
        int[] shape = input.shapeUnsafe();
        if (shape.length != 4) {
            throw new IllegalArgumentException("conv2d: expected an input [B, C, H, W], got shape " + Shapes.toString(shape));
        }
        outputSize(shape[2], kernelHeight, stride, padding);
        outputSize(shape[3], kernelWidth, stride, padding);
        return new ImageShape(shape[1], shape[2], shape[3], kernelHeight, kernelWidth, stride, padding);
    }

    /**
     * Returns the gradient of {@link #multiplyColumns} with respect to the weight:
     * {@code sum over b of outputGradient[b] columns[b]^T}, {@code [Co, K]} for
     * {@code columns [B, K, P]} and {@code outputGradient [B, Co, P]}.
     *
     * <p>It computes the transpose {@code [K, Co]}, a sum of {@code columns[b] outputGradient[b]^T},
     * which needs only the smaller {@code outputGradient[b]} transposed. The batch is summed in
     * chunks of {@link #GRADIENT_CHUNK_ENTRIES} entries, added in chunk order, so the result does
     * not depend on the thread count.
     *
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static Tensor weightGradient(Tensor columns, Tensor outputGradient) {
        int[] shape = columns.shapeUnsafe();
        int[] gradientShape = outputGradient.shapeUnsafe();
        if (shape.length != 3 || gradientShape.length != 3 || shape[0] != gradientShape[0] || shape[2] != gradientShape[2]) {
            throw new IllegalArgumentException("conv2d: expected columns [B, K, P] and an output gradient [B, Co, P] with the same B and P, "
                    + "got shapes " + Shapes.toString(shape) + " and " + Shapes.toString(gradientShape));
        }
        int batch = shape[0];
        int depth = shape[1];
        int positions = shape[2];
        int outChannels = gradientShape[1];
        if ((long) positions * outChannels > MatrixProduct.KERNEL_MAX_ELEMENTS || batch == 0 || depth == 0 || outChannels == 0) {
            // A transposed gradient too large for the kernel's cache blocking, or an empty sum: the general route.
            return outputGradient.matmulTransposed(columns).sum(0, false);
        }

        double[] in = columns.data();
        return summedWeightGradient(batch, depth, positions, b -> in, true, outputGradient, columns);
    }

    /**
     * Returns the gradient of {@link #multiplyImageColumns} with respect to the weight, the result
     * of {@code weightGradient(im2col(input, ...), outputGradient)} bit for bit: each image's
     * columns are computed again into the thread's buffer instead of being kept from the forward
     * pass.
     *
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static Tensor weightGradientOfInput(Tensor input, Tensor outputGradient, int kernelHeight, int kernelWidth, int stride,
            int padding) {
        ImageShape image = imageShape(input, kernelHeight, kernelWidth, stride, padding);
        int depth = image.channels() * kernelHeight * kernelWidth;
        int positions = image.outHeight() * image.outWidth();
        int[] gradientShape = outputGradient.shapeUnsafe();
        int batch = input.dim(0);
        if (gradientShape.length != 3 || gradientShape[0] != batch || gradientShape[2] != positions
                || (long) positions * gradientShape[1] > MatrixProduct.KERNEL_MAX_ELEMENTS || batch == 0 || depth == 0
                || gradientShape[1] == 0) {
            // Shapes to report, or a case for the general route: through the whole batch's columns.
            return weightGradient(im2col(input, kernelHeight, kernelWidth, stride, padding), outputGradient);
        }
        double[] in = input.data();
        return summedWeightGradient(batch, depth, positions, b -> {
            double[] columns = columnBuffer(depth * positions);
            imageColumns(in, image, b, columns, 0);
            return columns;
        }, false, outputGradient, input);
    }

    /**
     * Returns {@code sum over b of outputGradient[b] columns[b]^T}, {@code [Co, K]}, summed in
     * chunks of {@link #GRADIENT_CHUNK_ENTRIES} batch entries that are added in chunk order.
     * {@code columns} returns the array with the columns {@code [K, P]} of entry b: at offset
     * {@code b K P} when {@code stacked}, else at offset 0.
     */
    private static Tensor summedWeightGradient(int batch, int depth, int positions, IntFunction<double[]> columns, boolean stacked,
            Tensor outputGradient, Tensor source) {
        int outChannels = outputGradient.dim(1);
        double[] gradient = outputGradient.data();
        int chunks = (batch + GRADIENT_CHUNK_ENTRIES - 1) / GRADIENT_CHUNK_ENTRIES;
        double[][] partials = new double[chunks][];
        Parallelism.BlockTask task = chunk -> {
            double[] partial = new double[depth * outChannels];
            double[] transposed = new double[positions * outChannels];
            int end = Math.min(batch, (chunk + 1) * GRADIENT_CHUNK_ENTRIES);
            for (int b = chunk * GRADIENT_CHUNK_ENTRIES; b < end; b++) {
                Layout.transpose(gradient, b * outChannels * positions, outChannels, positions, transposed, 0);
                int offset = stacked ? b * depth * positions : 0;
                GemmKernel.multiply(new GemmKernel.Operands(columns.apply(b), offset, positions, 1, transposed, 0, outChannels, partial, 0,
                        outChannels, positions, outChannels, b > chunk * GRADIENT_CHUNK_ENTRIES), 0, depth);
            }
            partials[chunk] = partial;
        };
        if ((long) batch * depth * positions >= PARALLEL_MIN_VALUES) {
            Parallelism.forEachBlock(chunks, task);
        } else {
            for (int chunk = 0; chunk < chunks; chunk++) {
                task.run(chunk);
            }
        }

        double[] sum = partials[0];
        for (int chunk = 1; chunk < chunks; chunk++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += partials[chunk][i];
            }
        }
        double[] out = new double[outChannels * depth];
        Layout.transpose(sum, 0, depth, outChannels, out, 0);
        Elementwise.requireFinite("conv2d", out, new int[] {outChannels, depth}, source, outputGradient);
        return Tensor.wrap(out, outChannels, depth);
    }

    /**
     * Returns the gradient of {@link #multiplyColumns} with respect to the bias: the sum of
     * {@code outputGradient [B, Co, P]} over the batch and the positions, {@code [Co]}.
     */
    public static Tensor biasGradient(Tensor outputGradient) {
        int[] shape = outputGradient.shapeUnsafe();
        if (shape.length != 3) {
            throw new IllegalArgumentException("conv2d: expected an output gradient [B, Co, P], got shape " + Shapes.toString(shape));
        }
        int outChannels = shape[1];
        int positions = shape[2];
        double[] gradient = outputGradient.data();
        double[] out = new double[outChannels];
        if (outputGradient.size() >= PARALLEL_MIN_VALUES) {
            Parallelism.forEachBlock(outChannels, channel -> out[channel] = channelSum(gradient, shape[0], outChannels, positions, channel));
        } else {
            for (int channel = 0; channel < outChannels; channel++) {
                out[channel] = channelSum(gradient, shape[0], outChannels, positions, channel);
            }
        }
        Elementwise.requireFinite("conv2d", out, new int[] {outChannels}, outputGradient);
        return Tensor.wrap(out, outChannels);
    }

    /** Returns the sum of one channel's output gradient over the batch and the positions, image by image. */
    private static double channelSum(double[] gradient, int batch, int outChannels, int positions, int channel) {
        double total = 0;
        for (int b = 0; b < batch; b++) {
            int row = (b * outChannels + channel) * positions;
            double sum = 0;
            for (int p = 0; p < positions; p++) {
                sum += gradient[row + p];
            }
            total += sum;
        }
        return total;
    }

    /**
     * Checks the shapes of a convolution and returns the weight's shape.
     *
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static int[] checkShapes(int[] input, int[] weight, int[] bias) {
        if (input.length != 4 || weight.length != 4) {
            throw new IllegalArgumentException("conv2d: expected an input [B, C, H, W] and a weight [Co, C, kh, kw], got shapes "
                    + Shapes.toString(input) + " and " + Shapes.toString(weight));
        }
        if (input[1] != weight[1]) {
            throw new IllegalArgumentException("conv2d: the input " + Shapes.toString(input) + " has " + input[1]
                    + " channels but the weight " + Shapes.toString(weight) + " expects " + weight[1]);
        }
        if (bias != null && (bias.length != 1 || bias[0] != weight[0])) {
            throw new IllegalArgumentException("conv2d: the bias has shape " + Shapes.toString(bias) + " but the weight "
                    + Shapes.toString(weight) + " needs [" + weight[0] + "]");
        }
        return weight.clone();
    }
}
