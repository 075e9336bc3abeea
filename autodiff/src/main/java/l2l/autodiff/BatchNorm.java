package l2l.autodiff;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) of an input {@code [B, C, ...]} per channel
 * {@code C}: {@code y = (x - mean) / sqrt(variance + eps) * weight + bias}, as PyTorch's
 * {@code batch_norm}. Both forms are composed of differentiable operations, so gradients of any
 * order flow to the input, the weight and the bias.
 *
 * <ul>
 *   <li>{@link #training} uses the statistics of the current batch, over every axis but the
 *       channel axis, with the biased variance; gradients also flow through the statistics. It
 *       returns them so that a model can keep running averages.
 *   <li>{@link #inference} uses given statistics, held constant.
 * </ul>
 */
public final class BatchNorm {

    private BatchNorm() {
    }

    /**
     * The output of a training-mode batch normalisation and the statistics it used.
     *
     * @param output the normalised input, of the input's shape
     * @param mean the batch mean per channel, {@code [C]}
     * @param variance the biased batch variance per channel, {@code [C]}
     * @param count the number of values per channel that the statistics summarise
     */
    public record Result(Variable output, Tensor mean, Tensor variance, int count) {

        /** Returns the unbiased variance {@code variance * count / (count - 1)}, which PyTorch uses for running averages. */
        public Tensor unbiasedVariance() {
            if (count < 2) {
                throw new IllegalStateException("BatchNorm: the unbiased variance needs at least 2 values per channel, got " + count);
            }
            return variance.mul((double) count / (count - 1));
        }
    }

    /**
     * Normalises {@code input [B, C, ...]} with the statistics of the batch and applies the
     * affine {@code weight [C]} and {@code bias [C]}; either may be null to leave it out.
     *
     * @param eps added to the variance before the square root, positive
     */
    public static Result training(Variable input, Variable weight, Variable bias, double eps) {
        int[] statisticsShape = statisticsShape("BatchNorm.training", input, weight, bias, eps);
        int channels = statisticsShape[1];
        int count = input.value().size() / Math.max(1, channels);
        if (count == 0) {
            throw new IllegalArgumentException("BatchNorm.training: the input " + Shapes.toString(input.shape()) + " is empty");
        }

        Variable mean = input.sumTo(statisticsShape).mul(1.0 / count);
        Variable centered = input.sub(mean);
        Variable variance = centered.square().sumTo(statisticsShape).mul(1.0 / count);
        Variable normalized = centered.div(variance.add(eps).sqrt());
        Variable output = affine(normalized, weight, bias, statisticsShape);
        return new Result(output, mean.value().reshape(channels), variance.value().reshape(channels), count);
    }

    /**
     * Normalises {@code input [B, C, ...]} with the given {@code mean [C]} and {@code variance [C]},
     * held constant, and applies the affine {@code weight [C]} and {@code bias [C]}; either may be
     * null to leave it out.
     */
    public static Variable inference(Variable input, Tensor mean, Tensor variance, Variable weight, Variable bias, double eps) {
        int[] statisticsShape = statisticsShape("BatchNorm.inference", input, weight, bias, eps);
        int channels = statisticsShape[1];
        if (!mean.hasShape(channels) || !variance.hasShape(channels)) {
            throw new IllegalArgumentException("BatchNorm.inference: mean " + Shapes.toString(mean.shape()) + " and variance "
                    + Shapes.toString(variance.shape()) + " must both be [" + channels + "] for the input " + Shapes.toString(input.shape()));
        }
        Tensor scale = variance.add(eps).sqrt();
        Variable normalized = input.sub(Variable.constant(mean.reshape(statisticsShape))).div(Variable.constant(scale.reshape(statisticsShape)));
        return affine(normalized, weight, bias, statisticsShape);
    }

    private static Variable affine(Variable normalized, Variable weight, Variable bias, int[] statisticsShape) {
        Variable output = normalized;
        if (weight != null) {
            output = output.mul(weight.reshape(statisticsShape));
        }
        if (bias != null) {
            output = output.add(bias.reshape(statisticsShape));
        }
        return output;
    }

    /** Returns {@code [1, C, 1, ...]} of the input's rank, after checking the shapes and eps. */
    private static int[] statisticsShape(String operation, Variable input, Variable weight, Variable bias, double eps) {
        int[] shape = input.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException(operation + ": expected an input [B, C, ...], got shape " + Shapes.toString(shape));
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException(operation + ": eps must be a positive finite number, got " + eps);
        }
        int channels = shape[1];
        for (Variable parameter : new Variable[] {weight, bias}) {
            if (parameter != null && !parameter.value().hasShape(channels)) {
                throw new IllegalArgumentException(operation + ": weight and bias must be [" + channels + "] for the input "
                        + Shapes.toString(shape) + ", got " + Shapes.toString(parameter.shape()));
            }
        }
        int[] statisticsShape = new int[shape.length];
        java.util.Arrays.fill(statisticsShape, 1);
        statisticsShape[1] = channels;
        return statisticsShape;
    }
}
