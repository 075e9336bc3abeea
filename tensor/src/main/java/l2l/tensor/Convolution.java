package l2l.tensor;

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
 * <p>{@link #patches} lays out the same receptive fields as rows instead:
 * {@code [B Ho Wo, C kh kw]}, one row per output position of every image. {@link #conv2d} uses
 * this layout, because one tall product {@code patches x weight^T} over all images keeps the
 * matrix kernel on full vector tiles, where {@code weight x cols[b]} runs once per image on as
 * many columns as there are output positions (49 or 9 in a small CNN, which leave scalar tails).
 * {@link #patchesAdjoint} is the adjoint of {@link #patches}.
 *
 * <p>Output sizes: {@code Ho = floor((H + 2p - kh) / s) + 1}, likewise for the width.
 */
public final class Convolution {

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
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int channelOffset = (b * channels + c) * height * width;
                for (int i = 0; i < kernelHeight; i++) {
                    for (int j = 0; j < kernelWidth; j++) {
                        int row = (c * kernelHeight + i) * kernelWidth + j;
                        int outOffset = (b * rows + row) * positions;
                        for (int oy = 0; oy < outHeight; oy++) {
                            int y = oy * stride - padding + i;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            int inRow = channelOffset + y * width;
                            int outRow = outOffset + oy * outWidth;
                            for (int ox = 0; ox < outWidth; ox++) {
                                int x = ox * stride - padding + j;
                                if (x >= 0 && x < width) {
                                    out[outRow + ox] = in[inRow + x];
                                }
                            }
                        }
                    }
                }
            }
        }
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
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int channelOffset = (b * channels + c) * height * width;
                for (int i = 0; i < kernelHeight; i++) {
                    for (int j = 0; j < kernelWidth; j++) {
                        int row = (c * kernelHeight + i) * kernelWidth + j;
                        int inOffset = (b * rows + row) * positions;
                        for (int oy = 0; oy < outHeight; oy++) {
                            int y = oy * stride - padding + i;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            int outRow = channelOffset + y * width;
                            int inRow = inOffset + oy * outWidth;
                            for (int ox = 0; ox < outWidth; ox++) {
                                int x = ox * stride - padding + j;
                                if (x >= 0 && x < width) {
                                    out[outRow + x] += in[inRow + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.wrap(out, batch, channels, height, width);
    }

    /**
     * Returns the patches {@code [B Ho Wo, C kh kw]} of a {@code [B, C, H, W]} input: row
     * {@code (b Ho + oy) Wo + ox} contains the receptive field of output position {@code (oy, ox)}
     * of image b, with {@code patches[row, (c kh + i) kw + j] = x[b, c, oy s - p + i, ox s - p + j]},
     * or 0 where that position falls in the zero padding.
     */
    public static Tensor patches(Tensor input, int kernelHeight, int kernelWidth, int stride, int padding) {
        int[] shape = input.shapeUnsafe();
        if (shape.length != 4) {
            throw new IllegalArgumentException("patches: expected an input [B, C, H, W], got shape " + Shapes.toString(shape));
        }
        Geometry g = new Geometry(shape[0], shape[1], shape[2], shape[3], kernelHeight, kernelWidth, stride, padding);
        double[] in = input.data();
        double[] out = new double[g.batch * g.positions * g.features];
        for (int b = 0; b < g.batch; b++) {
            for (int oy = 0; oy < g.outHeight; oy++) {
                for (int ox = 0; ox < g.outWidth; ox++) {
                    int rowOffset = ((b * g.outHeight + oy) * g.outWidth + ox) * g.features;
                    for (int c = 0; c < g.channels; c++) {
                        int channelOffset = (b * g.channels + c) * g.height * g.width;
                        for (int i = 0; i < kernelHeight; i++) {
                            int y = oy * stride - padding + i;
                            if (y < 0 || y >= g.height) {
                                continue;
                            }
                            int inRow = channelOffset + y * g.width;
                            int outColumn = rowOffset + (c * kernelHeight + i) * kernelWidth;
                            for (int j = 0; j < kernelWidth; j++) {
                                int x = ox * stride - padding + j;
                                if (x >= 0 && x < g.width) {
                                    out[outColumn + j] = in[inRow + x];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.wrap(out, g.batch * g.positions, g.features);
    }

    /**
     * Returns the {@code [B, C, H, W]} tensor whose {@link #patches} is adjoint to {@code patches}:
     * every entry of {@code patches [B Ho Wo, C kh kw]} is added at the input position it was
     * copied from, and entries that came from the padding are dropped. This is the gradient with
     * respect to the input of a function of the patches.
     */
    public static Tensor patchesAdjoint(Tensor patches, int batch, int channels, int height, int width, int kernelHeight,
            int kernelWidth, int stride, int padding) {
        Geometry g = new Geometry(batch, channels, height, width, kernelHeight, kernelWidth, stride, padding);
        int[] shape = patches.shapeUnsafe();
        if (shape.length != 2 || shape[0] != g.batch * g.positions || shape[1] != g.features) {
            throw new IllegalArgumentException("patchesAdjoint: patches of shape " + Shapes.toString(shape) + " do not match ["
                    + g.batch * g.positions + ", " + g.features + "], the patches of a [" + batch + ", " + channels + ", " + height
                    + ", " + width + "] input for a " + kernelHeight + "x" + kernelWidth + " kernel with stride " + stride
                    + " and padding " + padding);
        }
        double[] in = patches.data();
        double[] out = new double[batch * channels * height * width];
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < g.outHeight; oy++) {
                for (int ox = 0; ox < g.outWidth; ox++) {
                    int rowOffset = ((b * g.outHeight + oy) * g.outWidth + ox) * g.features;
                    for (int c = 0; c < channels; c++) {
                        int channelOffset = (b * channels + c) * height * width;
                        for (int i = 0; i < kernelHeight; i++) {
                            int y = oy * stride - padding + i;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            int outRow = channelOffset + y * width;
                            int inColumn = rowOffset + (c * kernelHeight + i) * kernelWidth;
                            for (int j = 0; j < kernelWidth; j++) {
                                int x = ox * stride - padding + j;
                                if (x >= 0 && x < width) {
                                    out[outRow + x] += in[inColumn + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.wrap(out, batch, channels, height, width);
    }

    /** The sizes of a convolution's input, kernel and output, checked once. */
    private static final class Geometry {

        final int batch;
        final int channels;
        final int height;
        final int width;
        final int outHeight;
        final int outWidth;
        /** Output positions per image, {@code Ho Wo}. */
        final int positions;
        /** Values per receptive field, {@code C kh kw}. */
        final int features;

        Geometry(int batch, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding) {
            this.batch = batch;
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.outHeight = outputSize(height, kernelHeight, stride, padding);
            this.outWidth = outputSize(width, kernelWidth, stride, padding);
            this.positions = outHeight * outWidth;
            this.features = channels * kernelHeight * kernelWidth;
        }
    }

    /**
     * Returns the convolution of {@code input [B, C, H, W]} with {@code weight [Co, C, kh, kw]}
     * plus {@code bias [Co]} (or no bias when null): {@code [B, Co, Ho, Wo]}. It is the product
     * of the {@link #patches} with the weight as rows, moved from {@code [B, Ho Wo, Co]} to the
     * channel-first layout.
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        int[] weightShape = checkShapes(input.shapeUnsafe(), weight.shapeUnsafe(), bias == null ? null : bias.shapeUnsafe());
        int outChannels = weightShape[0];
        int batch = input.dim(0);
        int outHeight = outputSize(input.dim(2), weightShape[2], stride, padding);
        int outWidth = outputSize(input.dim(3), weightShape[3], stride, padding);
        Tensor rows = patches(input, weightShape[2], weightShape[3], stride, padding).matmulTransposed(weight.reshape(outChannels, -1));
        if (bias != null) {
            rows = rows.add(bias);
        }
        return rows.reshape(batch, outHeight * outWidth, outChannels).transpose(1, 2).reshape(batch, outChannels, outHeight, outWidth);
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
