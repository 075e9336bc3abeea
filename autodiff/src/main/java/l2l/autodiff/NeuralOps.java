package l2l.autodiff;

import java.util.Arrays;

import l2l.tensor.Convolution;
import l2l.tensor.GradientPreprocessing;
import l2l.tensor.Pooling;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * Differentiable layers of neural networks: linear and convolutional layers, max pooling, and the
 * softmax cross-entropy loss, plus the gradient preprocessing of learned optimizers. All of them
 * support higher-order gradients: the backward rules are built from differentiable operations,
 * except the fused convolution's, which differentiates its composed form when a graph is created.
 */
public final class NeuralOps {

    private NeuralOps() {
    }

    /**
     * Returns {@code input weight^T + bias}, PyTorch's {@code Linear}: {@code input [N, in]},
     * {@code weight [out, in]}, {@code bias [out]} or null for none, result {@code [N, out]}.
     */
    public static Variable linear(Variable input, Variable weight, Variable bias) {
        Variable output = input.matmulTransposed(weight);
        return bias == null ? output : output.add(bias);
    }

    /**
     * Returns the 2-D convolution (cross-correlation) of {@code input [B, C, H, W]} with
     * {@code weight [Co, C, kh, kw]} plus {@code bias [Co]} (or none when null), as PyTorch's
     * {@code conv2d}: {@code [B, Co, Ho, Wo]} with {@code Ho = floor((H + 2 padding - kh) / stride) + 1}.
     *
     * <p>It runs as one operation on the kernels of {@link Convolution}: image by image, im2col
     * into a reused buffer and the product with the bias added in place; in the backward pass the
     * weight gradient summed over the batch, with each image's columns computed again, and
     * {@code col2im(weight^T dOutput)} for the input. The batch's columns are never kept. A
     * backward pass that creates a graph differentiates {@link #composedConv2d} instead, so
     * higher-order gradients are exact.
     */
    public static Variable conv2d(Variable input, Variable weight, Variable bias, int stride, int padding) {
        int[] weightShape = Convolution.checkShapes(input.shape(), weight.shape(), bias == null ? null : bias.shape());
        int outChannels = weightShape[0];
        int kernelHeight = weightShape[2];
        int kernelWidth = weightShape[3];
        int[] inputShape = input.shape();
        int outHeight = Convolution.outputSize(inputShape[2], kernelHeight, stride, padding);
        int outWidth = Convolution.outputSize(inputShape[3], kernelWidth, stride, padding);

        Tensor inputValue = input.value();
        Tensor weightMatrix = weight.value().reshape(outChannels, -1);
        Tensor output = Convolution.multiplyImageColumns(inputValue, weightMatrix, bias == null ? null : bias.value(), kernelHeight,
                kernelWidth, stride, padding).reshape(inputShape[0], outChannels, outHeight, outWidth);
        Variable[] slots = {input, weight, bias};
        BackwardRule rule = (outputs, gradients, needs) -> {
            if (GradMode.isEnabled()) {
                return Graph.composedBackward(slots, gradients[0], needs, v -> composedConv2d(v[0], v[1], v[2], stride, padding));
            }
            Tensor gradient = gradients[0].value().reshape(inputShape[0], outChannels, outHeight * outWidth);
            Tensor inputGradient = needs[0] ? Convolution.inputGradient(weightMatrix, gradient, inputShape[1], inputShape[2],
                    inputShape[3], kernelHeight, kernelWidth, stride, padding) : null;
            Tensor weightGradient = needs[1]
                    ? Convolution.weightGradientOfInput(inputValue, gradient, kernelHeight, kernelWidth, stride, padding).reshape(weightShape)
                    : null;
            Tensor biasGradient = bias != null && needs[2] ? Convolution.biasGradient(gradient) : null;
            return Graph.constantGradients(slots, new Tensor[] {inputGradient, weightGradient, biasGradient}, needs);
        };
        return Graph.recordAll("conv2d", new Tensor[] {output}, rule, true, Graph.present(slots))[0];
    }

    /**
     * Returns the same output as {@link #conv2d}, composed of {@link #im2col}, a matrix product and
     * a broadcast addition: the reference for the fused operation and the path of higher-order
     * gradients.
     */
    public static Variable composedConv2d(Variable input, Variable weight, Variable bias, int stride, int padding) {
        int[] weightShape = Convolution.checkShapes(input.shape(), weight.shape(), bias == null ? null : bias.shape());
        int outChannels = weightShape[0];
        int[] inputShape = input.shape();
        int outHeight = Convolution.outputSize(inputShape[2], weightShape[2], stride, padding);
        int outWidth = Convolution.outputSize(inputShape[3], weightShape[3], stride, padding);

        Variable columns = im2col(input, weightShape[2], weightShape[3], stride, padding);
        Variable output = weight.reshape(outChannels, -1).matmul(columns);
        if (bias != null) {
            output = output.add(bias.reshape(outChannels, 1));
        }
        return output.reshape(inputShape[0], outChannels, outHeight, outWidth);
    }

    /** Returns the im2col columns {@code [B, C kh kw, Ho Wo]} of {@code input [B, C, H, W]}; see {@link Convolution}. */
    public static Variable im2col(Variable input, int kernelHeight, int kernelWidth, int stride, int padding) {
        int[] shape = input.shape();
        return Graph.record("im2col", Convolution.im2col(input.value(), kernelHeight, kernelWidth, stride, padding),
                (out, g, needs) -> new Variable[] {col2im(g, shape[1], shape[2], shape[3], kernelHeight, kernelWidth, stride, padding)},
                input);
    }

    /** Returns the adjoint of {@link #im2col}: {@code [B, C kh kw, Ho Wo]} columns added back onto {@code [B, C, H, W]}. */
    public static Variable col2im(Variable columns, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride,
            int padding) {
        return Graph.record("col2im",
                Convolution.col2im(columns.value(), channels, height, width, kernelHeight, kernelWidth, stride, padding),
                (out, g, needs) -> new Variable[] {im2col(g, kernelHeight, kernelWidth, stride, padding)}, columns);
    }

    /**
     * Returns the maxima of {@code kernel x kernel} windows of {@code input [B, C, H, W]}, moved by
     * {@code stride} and without padding, rounding the output size down; see {@link Pooling}. The
     * gradient goes to the first maximum of each window.
     */
    public static Variable maxPool2d(Variable input, int kernel, int stride) {
        Pooling.MaxPooling pooled = Pooling.maxPool2d(input.value(), kernel, stride);
        int[] positions = pooled.positions();
        int[] inputShape = input.shape();
        return Graph.record("maxPool2d", pooled.output(),
                (out, g, needs) -> new Variable[] {scatterPositions(g, positions, inputShape)}, input);
    }

    /** Returns a tensor of {@code shape}, zero except for the elements of {@code values} added at {@code positions}. */
    private static Variable scatterPositions(Variable values, int[] positions, int[] shape) {
        int[] valueShape = values.shape();
        return Graph.record("maxPool2dScatter", Pooling.scatter(values.value(), positions, shape),
                (out, g, needs) -> new Variable[] {gatherPositions(g, positions, valueShape)}, values);
    }

    /** Returns the elements of {@code input} at {@code positions}, in {@code shape}: the adjoint of the scatter. */
    private static Variable gatherPositions(Variable input, int[] positions, int[] shape) {
        int[] inputShape = input.shape();
        return Graph.record("maxPool2dGather", Pooling.gather(input.value(), positions, shape),
                (out, g, needs) -> new Variable[] {scatterPositions(g, positions, inputShape)}, input);
    }

    /**
     * Returns the mean over the N rows of the cross-entropy between {@code softmax(logits)} and
     * the integer labels: {@code -mean(log softmax(logits)[n, labels[n]])}. It is computed from
     * the log-sum-exp with the row maximum subtracted, so large logits do not overflow.
     *
     * @param logits {@code [N, K]}
     * @param labels N class indices in {@code [0, K)}
     */
    public static Variable softmaxCrossEntropy(Variable logits, int[] labels) {
        int[] shape = logits.shape();
        if (shape.length != 2 || shape[0] != labels.length || shape[0] == 0) {
            throw new IllegalArgumentException("softmaxCrossEntropy: expected logits [N, K] with N >= 1 and N labels, got logits "
                    + Shapes.toString(shape) + " and " + labels.length + " labels");
        }
        int rows = shape[0];
        int classes = shape[1];
        for (int n = 0; n < rows; n++) {
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IndexOutOfBoundsException("softmaxCrossEntropy: label " + labels[n] + " at position " + n
                        + " is out of range [0, " + classes + ") for logits of shape " + Shapes.toString(shape));
            }
        }
        int[] copy = labels.clone();
        Tensor logProbabilities = logits.value().logSoftmax(1);
        double sum = 0;
        for (int n = 0; n < rows; n++) {
            sum -= logProbabilities.get(n, copy[n]);
        }
        Tensor loss = Tensor.scalar(sum / rows);
        Tensor oneHot = oneHot(copy, classes);
        return Graph.record("softmaxCrossEntropy", loss, (out, g, needs) -> {
            // d loss / d logits = (softmax(logits) - one_hot(labels)) / N
            Variable difference = logits.softmax(1).sub(Variable.constant(oneHot));
            return new Variable[] {difference.mul(g.div((double) rows))};
        }, logits);
    }

    private static Tensor oneHot(int[] labels, int classes) {
        double[] values = new double[labels.length * classes];
        for (int n = 0; n < labels.length; n++) {
            values[n * classes + labels[n]] = 1;
        }
        return Tensor.of(values, labels.length, classes);
    }

    /**
     * Returns the preprocessed gradient {@code [n, 2]} of {@link GradientPreprocessing} as a
     * constant: learned optimizers read it as an input, and no gradient flows through it.
     */
    public static Variable preprocessGradient(Variable gradient, double p) {
        return Variable.constant(GradientPreprocessing.preprocess(gradient.value(), p));
    }

    /** Returns labels stored as whole-number doubles, such as dataset targets, as indices. */
    public static int[] labels(Tensor values) {
        double[] data = values.toArray();
        int[] labels = new int[data.length];
        for (int n = 0; n < data.length; n++) {
            if (data[n] != Math.rint(data[n]) || Math.abs(data[n]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("labels: value " + data[n] + " at position " + n + " of " + Arrays.toString(values.shape())
                        + " is not a whole number");
            }
            labels[n] = (int) data[n];
        }
        return labels;
    }
}
