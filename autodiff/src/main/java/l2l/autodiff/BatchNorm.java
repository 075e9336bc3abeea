package l2l.autodiff;

import java.util.Arrays;

import l2l.tensor.BatchNormKernels;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) of an input {@code [B, C, ...]} per channel
 * {@code C}: {@code y = (x - mean) / sqrt(variance + eps) * weight + bias}, as PyTorch's
 * {@code batch_norm}. Gradients of any order flow to the input, the weight and the bias.
 *
 * <ul>
 *   <li>{@link #training} uses the statistics of the current batch, over every axis but the
 *       channel axis, with the biased variance; gradients also flow through the statistics. It
 *       returns them so that a model can keep running averages.
 *   <li>{@link #inference} uses given statistics, held constant.
 * </ul>
 *
 * <p>Both run the fused kernels of {@link BatchNormKernels} in both directions. When a backward
 * pass creates a graph, their backward rules instead rebuild the normalisation from
 * differentiable operations ({@link #composedTraining}, {@link #composedInference}) and
 * differentiate that, so higher-order gradients are exact at the cost of the slower path.
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
        int count = trainingCount(input, weight, bias, eps);
        BatchNormKernels.Normalized normalized = BatchNormKernels.training(input.value(), valueOf(weight), valueOf(bias), eps);
        Tensor mean = normalized.mean();
        Tensor variance = normalized.variance();
        Variable[] slots = {input, weight, bias};
        BackwardRule rule = (outputs, gradients, needs) -> {
            if (GradMode.isEnabled()) {
                return Graph.composedBackward(slots, gradients[0], needs, v -> composedTraining(v[0], v[1], v[2], eps).output());
            }
            BatchNormKernels.Gradients result = BatchNormKernels.trainingBackward(input.value(), mean, variance, valueOf(weight), eps,
                    gradients[0].value(), needs[0]);
            return Graph.constantGradients(slots, new Tensor[] {result.input(), result.weight(), result.bias()}, needs);
        };
        Variable output = Graph.recordAll("batchNorm", new Tensor[] {normalized.output()}, rule, true, Graph.present(slots))[0];
        return new Result(output, mean, variance, count);
    }

    /**
     * Returns the same result as {@link #training}, built from differentiable operations: slower,
     * with the same values up to rounding. It is the reference for the fused kernels and the path
     * of higher-order gradients.
     */
    public static Result composedTraining(Variable input, Variable weight, Variable bias, double eps) {
        int count = trainingCount(input, weight, bias, eps);
        int[] statisticsShape = statisticsShape(input);
        Variable mean = input.sumTo(statisticsShape).mul(1.0 / count);
        Variable centered = input.sub(mean);
        Variable variance = centered.square().sumTo(statisticsShape).mul(1.0 / count);
        Variable normalized = centered.div(variance.add(eps).sqrt());
        Variable output = affine(normalized, weight, bias, statisticsShape);
        return new Result(output, mean.value().reshape(statisticsShape[1]), variance.value().reshape(statisticsShape[1]), count);
    }

    /**
     * Normalises {@code input [B, C, ...]} with the given {@code mean [C]} and {@code variance [C]},
     * held constant, and applies the affine {@code weight [C]} and {@code bias [C]}; either may be
     * null to leave it out.
     */
    public static Variable inference(Variable input, Tensor mean, Tensor variance, Variable weight, Variable bias, double eps) {
        checkInference(input, mean, variance, weight, bias, eps);
        Tensor output = BatchNormKernels.inference(input.value(), mean, variance, valueOf(weight), valueOf(bias), eps);
        Variable[] slots = {input, weight, bias};
        BackwardRule rule = (outputs, gradients, needs) -> {
            if (GradMode.isEnabled()) {
                return Graph.composedBackward(slots, gradients[0], needs, v -> composedInference(v[0], mean, variance, v[1], v[2], eps));
            }
            BatchNormKernels.Gradients result = BatchNormKernels.inferenceBackward(input.value(), mean, variance, valueOf(weight), eps,
                    gradients[0].value(), needs[0]);
            return Graph.constantGradients(slots, new Tensor[] {result.input(), result.weight(), result.bias()}, needs);
        };
        return Graph.recordAll("batchNormInference", new Tensor[] {output}, rule, true, Graph.present(slots))[0];
    }

    /**
     * Returns the same output as {@link #inference}, built from differentiable operations: the
     * reference for the fused kernels and the path of higher-order gradients.
     */
    public static Variable composedInference(Variable input, Tensor mean, Tensor variance, Variable weight, Variable bias, double eps) {
        checkInference(input, mean, variance, weight, bias, eps);
        int[] statisticsShape = statisticsShape(input);
        Tensor scale = variance.add(eps).sqrt();
        Variable normalized = input.sub(Variable.constant(mean.reshape(statisticsShape))).div(Variable.constant(scale.reshape(statisticsShape)));
        return affine(normalized, weight, bias, statisticsShape);
    }

    private static Tensor valueOf(Variable variable) {
        return variable == null ? null : variable.value();
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

    /** Checks the shapes and eps of a training-mode normalisation and returns the number of values per channel. */
    private static int trainingCount(Variable input, Variable weight, Variable bias, double eps) {
        checkShapes("BatchNorm.training", input, weight, bias, eps);
        int channels = input.shape()[1];
        int count = input.value().size() / Math.max(1, channels);
        if (count == 0) {
            throw new IllegalArgumentException("BatchNorm.training: the input " + Shapes.toString(input.shape()) + " is empty");
        }
        return count;
    }

    private static void checkInference(Variable input, Tensor mean, Tensor variance, Variable weight, Variable bias, double eps) {
        checkShapes("BatchNorm.inference", input, weight, bias, eps);
        int channels = input.shape()[1];
        if (!mean.hasShape(channels) || !variance.hasShape(channels)) {
            throw new IllegalArgumentException("BatchNorm.inference: mean " + Shapes.toString(mean.shape()) + " and variance "
                    + Shapes.toString(variance.shape()) + " must both be [" + channels + "] for the input " + Shapes.toString(input.shape()));
        }
    }

    private static void checkShapes(String operation, Variable input, Variable weight, Variable bias, double eps) {
        BatchNormKernels.checkShapes(operation, input.value(), valueOf(weight), valueOf(bias), eps);
    }

    /** Returns {@code [1, C, 1, ...]} of the input's rank, the shape that broadcasts per-channel values over the input. */
    private static int[] statisticsShape(Variable input) {
        int[] statisticsShape = new int[input.shape().length];
        Arrays.fill(statisticsShape, 1);
        statisticsShape[1] = input.shape()[1];
        return statisticsShape;
    }
}
