package l2l.tensor;

import java.util.Arrays;
import java.util.Objects;

import jdk.incubator.vector.DoubleVector;

/**
 * Batch normalisation (Ioffe and Szegedy 2015, "Batch Normalization: Accelerating Deep Network
 * Training by Reducing Internal Covariate Shift") of an input {@code [B, C, ...]} per channel
 * {@code C}, fused: each pass reads the data once per statistic and allocates only its results.
 *
 * <p>Per channel, over its {@code N = B * (product of the axes after C)} values {@code x}:
 * <pre>
 * training:   mean = sum(x) / N,   variance = sum((x - mean)^2) / N   (biased)
 * inference:  mean and variance are given
 * invStd = 1 / sqrt(variance + eps),   xhat = (x - mean) invStd
 * y = xhat weight + bias,   computed as (x - mean) (invStd weight) + bias
 * </pre>
 * The backward pass, with {@code dy} the gradient of {@code y}:
 * <pre>
 * dbias = sum(dy),   dweight = sum(dy xhat)
 * training:   dx = weight invStd (dy - sum(dy) / N - xhat sum(dy xhat) / N)
 * inference:  dx = weight invStd dy
 * </pre>
 * The training form is {@code dx = invStd / N (N dxhat - sum(dxhat) - xhat sum(dxhat xhat))} with
 * {@code dxhat = dy weight}, written out: the batch statistics depend on {@code x}, the given ones
 * do not. A null weight counts as ones and a null bias as zeros.
 *
 * <p>Work is split by channel, and every sum runs over its channel in an order that depends only
 * on the shape, so results are bit-identical for every thread count of {@link Parallelism}.
 */
public final class BatchNormKernels {

    /** Inputs with fewer values than this are normalised on the calling thread. */
    private static final int PARALLEL_MIN_VALUES = 1 << 15;

    private static final int LANES = VectorMath.LANES;

    private BatchNormKernels() {
    }

    /**
     * The result of a training-mode normalisation.
     *
     * @param output {@code y}, of the input's shape
     * @param mean the batch mean per channel, {@code [C]}
     * @param variance the biased batch variance per channel, {@code [C]}
     */
    public record Normalized(Tensor output, Tensor mean, Tensor variance) {
    }

    /**
     * The gradients of a normalisation. The input gradient is null when it was not requested.
     *
     * @param input {@code dx}, of the input's shape
     * @param weight {@code dweight [C]}, also computed when the weight is null
     * @param bias {@code dbias [C]}, also computed when the bias is null
     */
    public record Gradients(Tensor input, Tensor weight, Tensor bias) {
    }

    /**
     * The layout of an input {@code [B, C, ...]}: channel {@code c} of batch entry {@code b} is
     * the row of {@code spatial} contiguous values from {@link #rowOffset}.
     */
    private record Geometry(int batch, int channels, int spatial) {

        int count() {
            return batch * spatial;
        }

        int rowOffset(int b, int c) {
            return (b * channels + c) * spatial;
        }
    }

    /**
     * Normalises {@code input [B, C, ...]} with the statistics of the batch and applies the
     * affine {@code weight [C]} and {@code bias [C]}; either may be null to leave it out.
     *
     * @param eps added to the variance before the square root, positive
     * @throws IllegalArgumentException naming the shapes or the value that is invalid
     */
    public static Normalized training(Tensor input, Tensor weight, Tensor bias, double eps) {
        Geometry geometry = geometry("batchNorm.training", input, weight, bias, eps);
        if (geometry.count() == 0) {
            throw new IllegalArgumentException("batchNorm.training: the input " + Shapes.toString(input.shapeUnsafe())
                    + " has no values per channel, so it has no statistics; pass at least one value per channel");
        }
        double[] x = input.data();
        double[] weights = weight == null ? null : weight.data();
        double[] biases = bias == null ? null : bias.data();
        double[] mean = new double[geometry.channels()];
        double[] variance = new double[geometry.channels()];
        double[] out = new double[x.length];
        forEachChannel(geometry, c -> {
            mean[c] = channelSum(x, geometry, c) / geometry.count();
            variance[c] = centeredSquareSum(x, geometry, c, mean[c]) / geometry.count();
            double inverseStd = inverseStd(variance[c], eps);
            double scale = weights == null ? inverseStd : inverseStd * weights[c];
            normalizeRows(x, geometry, c, mean[c], scale, biases == null ? 0.0 : biases[c], out);
        });
        Elementwise.requireFinite("batchNorm.training", variance, new int[] {geometry.channels()}, input);
        Elementwise.requireFinite("batchNorm.training", out, input.shapeUnsafe(), present(input, weight, bias));
        return new Normalized(Tensor.wrap(out, input.shape()), Tensor.wrap(mean, geometry.channels()),
                Tensor.wrap(variance, geometry.channels()));
    }

    /**
     * Normalises {@code input [B, C, ...]} with the given {@code mean [C]} and
     * {@code variance [C]} and applies the affine {@code weight [C]} and {@code bias [C]}; either
     * may be null to leave it out. Returns {@code y}, of the input's shape.
     *
     * @throws IllegalArgumentException naming the shapes or the value that is invalid
     */
    public static Tensor inference(Tensor input, Tensor mean, Tensor variance, Tensor weight, Tensor bias, double eps) {
        Geometry geometry = geometry("batchNorm.inference", input, weight, bias, eps);
        requireStatistics("batchNorm.inference", input, mean, variance, geometry.channels());
        double[] x = input.data();
        double[] means = mean.data();
        double[] variances = variance.data();
        double[] weights = weight == null ? null : weight.data();
        double[] biases = bias == null ? null : bias.data();
        double[] out = new double[x.length];
        forEachChannel(geometry, c -> {
            double inverseStd = inverseStd(variances[c], eps);
            double scale = weights == null ? inverseStd : inverseStd * weights[c];
            normalizeRows(x, geometry, c, means[c], scale, biases == null ? 0.0 : biases[c], out);
        });
        Elementwise.requireFinite("batchNorm.inference", out, input.shapeUnsafe(), present(input, mean, variance, weight, bias));
        return Tensor.wrap(out, input.shape());
    }

    /**
     * Returns the gradients of {@link #training} given the gradient {@code outputGradient} of its
     * output, with the batch statistics that {@link #training} returned for this input and eps.
     *
     * @param inputGradient whether to compute the gradient of the input. The gradients of the
     *     weight and the bias cost little and are always computed.
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static Gradients trainingBackward(Tensor input, Tensor mean, Tensor variance, Tensor weight, double eps, Tensor outputGradient,
            boolean inputGradient) {
        return backward("batchNorm.training", input, mean, variance, weight, eps, outputGradient, true, inputGradient);
    }

    /**
     * Returns the gradients of {@link #inference} given the gradient {@code outputGradient} of its
     * output. The statistics are constants and get no gradient.
     *
     * @param inputGradient whether to compute the gradient of the input. The gradients of the
     *     weight and the bias cost little and are always computed.
     * @throws IllegalArgumentException naming the shapes that do not fit together
     */
    public static Gradients inferenceBackward(Tensor input, Tensor mean, Tensor variance, Tensor weight, double eps, Tensor outputGradient,
            boolean inputGradient) {
        return backward("batchNorm.inference", input, mean, variance, weight, eps, outputGradient, false, inputGradient);
    }

    private static Gradients backward(String operation, Tensor input, Tensor mean, Tensor variance, Tensor weight, double eps,
            Tensor outputGradient, boolean batchStatistics, boolean inputGradient) {
        Geometry geometry = geometry(operation, input, weight, null, eps);
        requireStatistics(operation, input, mean, variance, geometry.channels());
        if (!outputGradient.hasShape(input.shapeUnsafe())) {
            throw new IllegalArgumentException(operation + ": the output gradient has shape " + Shapes.toString(outputGradient.shapeUnsafe())
                    + " but the input and output are " + Shapes.toString(input.shapeUnsafe()));
        }
        double[] x = input.data();
        double[] dy = outputGradient.data();
        double[] means = mean.data();
        double[] variances = variance.data();
        double[] weights = weight == null ? null : weight.data();
        double[] dx = inputGradient ? new double[x.length] : null;
        double[] dweight = new double[geometry.channels()];
        double[] dbias = new double[geometry.channels()];
        forEachChannel(geometry, c -> {
            double inverseStd = inverseStd(variances[c], eps);
            gradientSums(x, dy, geometry, c, means[c], dbias, dweight);
            dweight[c] *= inverseStd;
            if (dx == null) {
                return;
            }
            double scale = weights == null ? inverseStd : inverseStd * weights[c];
            if (batchStatistics) {
                double meanGradient = dbias[c] / geometry.count();
                double slope = inverseStd * dweight[c] / geometry.count();
                trainingInputGradientRows(x, dy, geometry, c, means[c], meanGradient, slope, scale, dx);
            } else {
                scaleRows(dy, geometry, c, scale, dx);
            }
        });
        Tensor[] inputs = present(input, mean, variance, weight, outputGradient);
        int[] statisticsShape = {geometry.channels()};
        Elementwise.requireFinite(operation + " backward", dweight, statisticsShape, inputs);
        Elementwise.requireFinite(operation + " backward", dbias, statisticsShape, inputs);
        if (dx != null) {
            Elementwise.requireFinite(operation + " backward", dx, input.shapeUnsafe(), inputs);
        }
        return new Gradients(dx == null ? null : Tensor.wrap(dx, input.shape()), Tensor.wrap(dweight, geometry.channels()),
                Tensor.wrap(dbias, geometry.channels()));
    }

    /**
     * Checks an input {@code [B, C, ...]}, the affine {@code weight} and {@code bias} ({@code [C]}
     * or null) and {@code eps}, as the kernels do before they run.
     *
     * @throws IllegalArgumentException naming {@code operation} and the value that does not fit
     */
    public static void checkShapes(String operation, Tensor input, Tensor weight, Tensor bias, double eps) {
        geometry(operation, input, weight, bias, eps);
    }

    /** Checks the input, the affine parameters and eps, and returns the input's layout. */
    private static Geometry geometry(String operation, Tensor input, Tensor weight, Tensor bias, double eps) {
        int[] shape = input.shapeUnsafe();
        if (shape.length < 2) {
            throw new IllegalArgumentException(operation + ": expected an input [B, C, ...], got shape " + Shapes.toString(shape));
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException(operation + ": eps must be a positive finite number, got " + eps);
        }
        int channels = shape[1];
        for (Tensor parameter : new Tensor[] {weight, bias}) {
            if (parameter != null && !parameter.hasShape(channels)) {
                throw new IllegalArgumentException(operation + ": weight and bias must be [" + channels + "] for the input "
                        + Shapes.toString(shape) + ", got " + Shapes.toString(parameter.shapeUnsafe()));
            }
        }
        return new Geometry(shape[0], channels, Shapes.product(shape, 2, shape.length));
    }

    private static void requireStatistics(String operation, Tensor input, Tensor mean, Tensor variance, int channels) {
        if (!mean.hasShape(channels) || !variance.hasShape(channels)) {
            throw new IllegalArgumentException(operation + ": mean " + Shapes.toString(mean.shapeUnsafe()) + " and variance "
                    + Shapes.toString(variance.shapeUnsafe()) + " must both be [" + channels + "] for the input "
                    + Shapes.toString(input.shapeUnsafe()));
        }
    }

    /** Returns the tensors that are not null, for the finiteness checks. */
    private static Tensor[] present(Tensor... tensors) {
        return Arrays.stream(tensors).filter(Objects::nonNull).toArray(Tensor[]::new);
    }

    private static double inverseStd(double variance, double eps) {
        return 1.0 / Math.sqrt(variance + eps);
    }

    /**
     * Runs {@code task} for every channel, on several threads when the input is large. Every
     * channel reads and writes only its own values, so the result does not depend on the split.
     */
    private static void forEachChannel(Geometry geometry, Parallelism.BlockTask task) {
        if ((long) geometry.count() * geometry.channels() >= PARALLEL_MIN_VALUES) {
            Parallelism.forEachBlock(geometry.channels(), task);
        } else {
            for (int c = 0; c < geometry.channels(); c++) {
                task.run(c);
            }
        }
    }

    // Each loop below spells out its vector arithmetic, as VectorMath's loops do: a vector passed
    // to a helper that is not inlined is boxed, which makes the loop many times slower. The sums
    // keep lane sums and one scalar sum for the rows' tails, and add the lanes in order at the
    // end. The lane sums go through a small array from one row to the next instead of staying
    // in a vector across both loops: on JDK 17 that vector was boxed as an object at every step.

    /** Returns the sum of channel {@code c}. */
    private static double channelSum(double[] x, Geometry g, int c) {
        double[] sums = new double[LANES];
        double tail = 0;
        int bound = VectorMath.SPECIES.loopBound(g.spatial());
        for (int b = 0; b < g.batch(); b++) {
            int row = g.rowOffset(b, c);
            DoubleVector lanes = DoubleVector.fromArray(VectorMath.SPECIES, sums, 0);
            int k = 0;
            for (; k < bound; k += LANES) {
                lanes = lanes.add(DoubleVector.fromArray(VectorMath.SPECIES, x, row + k));
            }
            lanes.intoArray(sums, 0);
            for (; k < g.spatial(); k++) {
                tail += x[row + k];
            }
        }
        return sumInOrder(sums) + tail;
    }

    /** Returns {@code sum((x - mean)^2)} over channel {@code c}. */
    private static double centeredSquareSum(double[] x, Geometry g, int c, double mean) {
        double[] sums = new double[LANES];
        double tail = 0;
        int bound = VectorMath.SPECIES.loopBound(g.spatial());
        for (int b = 0; b < g.batch(); b++) {
            int row = g.rowOffset(b, c);
            DoubleVector lanes = DoubleVector.fromArray(VectorMath.SPECIES, sums, 0);
            int k = 0;
            for (; k < bound; k += LANES) {
                DoubleVector centered = DoubleVector.fromArray(VectorMath.SPECIES, x, row + k).sub(mean);
                lanes = lanes.add(centered.mul(centered));
            }
            lanes.intoArray(sums, 0);
            for (; k < g.spatial(); k++) {
                double centered = x[row + k] - mean;
                tail += centered * centered;
            }
        }
        return sumInOrder(sums) + tail;
    }

    /** Writes {@code sum(dy)} to {@code sumGradient[c]} and {@code sum(dy (x - mean))} to {@code sumCentered[c]}. */
    private static void gradientSums(double[] x, double[] dy, Geometry g, int c, double mean, double[] sumGradient, double[] sumCentered) {
        double[] gradientLaneSums = new double[LANES];
        double[] centeredLaneSums = new double[LANES];
        double gradientTail = 0;
        double centeredTail = 0;
        int bound = VectorMath.SPECIES.loopBound(g.spatial());
        for (int b = 0; b < g.batch(); b++) {
            int row = g.rowOffset(b, c);
            DoubleVector gradientLanes = DoubleVector.fromArray(VectorMath.SPECIES, gradientLaneSums, 0);
            DoubleVector centeredLanes = DoubleVector.fromArray(VectorMath.SPECIES, centeredLaneSums, 0);
            int k = 0;
            for (; k < bound; k += LANES) {
                DoubleVector gradient = DoubleVector.fromArray(VectorMath.SPECIES, dy, row + k);
                DoubleVector centered = DoubleVector.fromArray(VectorMath.SPECIES, x, row + k).sub(mean);
                gradientLanes = gradientLanes.add(gradient);
                centeredLanes = centeredLanes.add(gradient.mul(centered));
            }
            gradientLanes.intoArray(gradientLaneSums, 0);
            centeredLanes.intoArray(centeredLaneSums, 0);
            for (; k < g.spatial(); k++) {
                double gradient = dy[row + k];
                gradientTail += gradient;
                centeredTail += gradient * (x[row + k] - mean);
            }
        }
        sumGradient[c] = sumInOrder(gradientLaneSums) + gradientTail;
        sumCentered[c] = sumInOrder(centeredLaneSums) + centeredTail;
    }

    /** Writes {@code (x - mean) scale + shift} for channel {@code c}. */
    private static void normalizeRows(double[] x, Geometry g, int c, double mean, double scale, double shift, double[] out) {
        int bound = VectorMath.SPECIES.loopBound(g.spatial());
        for (int b = 0; b < g.batch(); b++) {
            int row = g.rowOffset(b, c);
            int k = 0;
            for (; k < bound; k += LANES) {
                DoubleVector.fromArray(VectorMath.SPECIES, x, row + k).sub(mean).mul(scale).add(shift).intoArray(out, row + k);
            }
            for (; k < g.spatial(); k++) {
                out[row + k] = (x[row + k] - mean) * scale + shift;
            }
        }
    }

    /** Writes {@code dx = (dy - meanGradient - (x - mean) slope) scale} for channel {@code c}. */
    private static void trainingInputGradientRows(double[] x, double[] dy, Geometry g, int c, double mean, double meanGradient,
            double slope, double scale, double[] dx) {
        int bound = VectorMath.SPECIES.loopBound(g.spatial());
        for (int b = 0; b < g.batch(); b++) {
            int row = g.rowOffset(b, c);
            int k = 0;
            for (; k < bound; k += LANES) {
                DoubleVector centered = DoubleVector.fromArray(VectorMath.SPECIES, x, row + k).sub(mean);
                DoubleVector.fromArray(VectorMath.SPECIES, dy, row + k).sub(meanGradient).sub(centered.mul(slope)).mul(scale)
                        .intoArray(dx, row + k);
            }
            for (; k < g.spatial(); k++) {
                dx[row + k] = (dy[row + k] - meanGradient - (x[row + k] - mean) * slope) * scale;
            }
        }
    }

    /** Writes {@code dx = dy scale} for channel {@code c}. */
    private static void scaleRows(double[] dy, Geometry g, int c, double scale, double[] dx) {
        for (int b = 0; b < g.batch(); b++) {
            int row = g.rowOffset(b, c);
            for (int k = 0; k < g.spatial(); k++) {
                dx[row + k] = dy[row + k] * scale;
            }
        }
    }

    private static double sumInOrder(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }
}
