package l2l.learners.fewshot;

import java.util.ArrayList;
import java.util.List;

import l2l.autodiff.BatchNorm;
import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerInputs;
import l2l.metalearner.problem.NormalizationMode;
import l2l.metalearner.problem.ParameterLayout;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * The standard convolutional network of few-shot learning (Vinyals et al. 2016; Ravi and
 * Larochelle 2017): {@code blocks} blocks of a 3x3 convolution with {@code filters} output
 * channels (stride 1, padding 1, with bias), batch normalisation, ReLU and 2x2 max pooling
 * (stride 2, rounding down), then a linear layer from the flattened features to the class logits.
 *
 * <p>Shapes for the default 4 blocks of 32 filters on {@code [1, 28, 28]} images: the blocks map
 * {@code [B, 1, 28, 28] -> [B, 32, 14, 14] -> [B, 32, 7, 7] -> [B, 32, 3, 3] -> [B, 32, 1, 1]},
 * and the linear layer maps the 32 features to N logits. For 5 classes the flat parameter vector
 * has 28,485 coordinates.
 *
 * <p>Flat order, for {@code k = 0 .. blocks - 1}:
 * <pre>
 * block&lt;k&gt;.conv.weight [filters, C_in, 3, 3]   C_in is the image channels for k = 0, else filters
 * block&lt;k&gt;.conv.bias   [filters]
 * block&lt;k&gt;.bn.weight   [filters]                the scale (gamma)
 * block&lt;k&gt;.bn.bias     [filters]                the shift (beta)
 * fc.weight            [classes, features]       features = filters * height * width after the last block
 * fc.bias              [classes]
 * </pre>
 *
 * <p>Batch normalisation follows {@link NormalizationMode}: the plain {@link #logits(Variable,
 * Tensor)} uses the statistics of the batch (biased variance). The running statistics of layer
 * {@code block<k>.bn} are kept in the caller's {@link RunningStatistics}, so the learner itself
 * holds no state and may serve many episodes.
 *
 * <p>Initialisation as PyTorch's defaults: convolution and linear weights and biases uniform in
 * {@code +-1/sqrt(fan_in)}, batch-normalisation scale 1 and shift 0.
 */
public final class ConvNetLearner implements Learner {

    /** The name users select this learner by. */
    public static final String NAME = "conv4";
    /** The default number of blocks. */
    public static final int DEFAULT_BLOCKS = 4;
    /** The default number of filters per convolution. */
    public static final int DEFAULT_FILTERS = 32;
    /** The default {@code eps} of batch normalisation, as in the Torch code of Ravi and Larochelle. */
    public static final double DEFAULT_BN_EPS = 1e-3;

    private static final int KERNEL = 3;

    private final int[] imageShape;
    private final int classes;
    private final int blocks;
    private final int filters;
    private final double bnEps;
    private final int featureHeight;
    private final int featureWidth;
    private final ParameterLayout layout;

    /**
     * Creates the network for images {@code [C, H, W]}.
     *
     * @throws IllegalArgumentException if the image is not {@code [C, H, W]}, a size is not
     *     positive, or the image is too small for the number of blocks
     */
    public ConvNetLearner(int[] imageShape, int classes, int blocks, int filters, double bnEps) {
        if (imageShape.length != 3) {
            throw new IllegalArgumentException("conv4: expected images of shape [C, H, W], got " + Shapes.toString(imageShape));
        }
        if (classes < 2 || blocks < 1 || filters < 1) {
            throw new IllegalArgumentException("conv4: classes must be at least 2, blocks and filters at least 1, got classes " + classes
                    + ", blocks " + blocks + ", filters " + filters);
        }
        if (!(bnEps > 0) || !Double.isFinite(bnEps)) {
            throw new IllegalArgumentException("conv4: bn-eps must be a positive number, got " + bnEps);
        }
        this.imageShape = imageShape.clone();
        this.classes = classes;
        this.blocks = blocks;
        this.filters = filters;
        this.bnEps = bnEps;
        int[] featureSize = featureSize(imageShape, blocks);
        this.featureHeight = featureSize[0];
        this.featureWidth = featureSize[1];
        this.layout = buildLayout();
    }

    /** Returns the height and width of the feature maps after {@code blocks} poolings, each of which halves them rounding down. */
    private static int[] featureSize(int[] imageShape, int blocks) {
        int height = imageShape[1];
        int width = imageShape[2];
        for (int k = 0; k < blocks; k++) {
            height /= 2;
            width /= 2;
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("conv4: images of " + imageShape[1] + "x" + imageShape[2] + " pixels are too small for "
                        + blocks + " blocks, because each block halves the side; use at most " + k + " blocks or larger images");
            }
        }
        return new int[] {height, width};
    }

    private ParameterLayout buildLayout() {
        ParameterLayout.Builder builder = ParameterLayout.builder();
        int inputChannels = imageShape[0];
        for (int k = 0; k < blocks; k++) {
            builder.add(block(k) + "conv.weight", filters, inputChannels, KERNEL, KERNEL);
            builder.add(block(k) + "conv.bias", filters);
            builder.add(block(k) + "bn.weight", filters);
            builder.add(block(k) + "bn.bias", filters);
            inputChannels = filters;
        }
        builder.add("fc.weight", classes, features());
        builder.add("fc.bias", classes);
        return builder.build();
    }

    private static String block(int k) {
        return "block" + k + ".";
    }

    /** Returns the number of features the linear layer reads: {@code filters} times the final feature map's height and width. */
    public int features() {
        return Shapes.size(filters, featureHeight, featureWidth);
    }

    /** Returns the number of blocks. */
    public int blocks() {
        return blocks;
    }

    /** Returns the number of filters per convolution. */
    public int filters() {
        return filters;
    }

    /** Returns the {@code eps} of batch normalisation. */
    public double bnEps() {
        return bnEps;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] inputShape() {
        return imageShape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public Tensor initialParameters(TensorRandom random) {
        List<Tensor> parts = new ArrayList<>();
        int inputChannels = imageShape[0];
        for (int k = 0; k < blocks; k++) {
            double bound = 1 / Math.sqrt(inputChannels * KERNEL * KERNEL);
            parts.add(random.uniform(-bound, bound, filters * inputChannels * KERNEL * KERNEL));
            parts.add(random.uniform(-bound, bound, filters));
            parts.add(Tensor.ones(filters));
            parts.add(Tensor.zeros(filters));
            inputChannels = filters;
        }
        double bound = 1 / Math.sqrt(features());
        parts.add(random.uniform(-bound, bound, Shapes.size(classes, features())));
        parts.add(random.uniform(-bound, bound, classes));
        return Tensor.concat(0, parts.toArray(Tensor[]::new));
    }

    @Override
    public Variable logits(Variable parameters, Tensor inputs) {
        return logits(parameters, inputs, NormalizationMode.BATCH, null);
    }

    @Override
    public Variable logits(Variable parameters, Tensor inputs, NormalizationMode mode, RunningStatistics statistics) {
        LearnerInputs.requireBatch(NAME, imageShape, inputs);
        if (mode != NormalizationMode.BATCH && statistics == null) {
            throw new IllegalArgumentException("conv4: normalisation mode " + mode + " needs the episode's running statistics, got null");
        }
        Variable features = Variable.constant(inputs);
        for (int k = 0; k < blocks; k++) {
            String prefix = block(k);
            Variable convolved = NeuralOps.conv2d(features, layout.view(parameters, prefix + "conv.weight"),
                    layout.view(parameters, prefix + "conv.bias"), 1, 1);
            Variable normalized = normalize(convolved, layout.view(parameters, prefix + "bn.weight"),
                    layout.view(parameters, prefix + "bn.bias"), prefix + "bn", mode, statistics);
            // For inputs without NaN, max pooling and ReLU commute, gradients included, because ReLU
            // is monotone and passes no gradient where it outputs 0. Pooling first runs ReLU on a
            // quarter of the values.
            features = NeuralOps.maxPool2d(normalized, 2, 2).relu();
        }
        int batch = inputs.dim(0);
        return NeuralOps.linear(features.reshape(batch, features()), layout.view(parameters, "fc.weight"),
                layout.view(parameters, "fc.bias"));
    }

    private Variable normalize(Variable input, Variable scale, Variable shift, String layer, NormalizationMode mode,
            RunningStatistics statistics) {
        switch (mode) {
            case BATCH:
                return BatchNorm.training(input, scale, shift, bnEps).output();
            case BATCH_AND_TRACK: {
                BatchNorm.Result result = BatchNorm.training(input, scale, shift, bnEps);
                if (result.count() < 2) {
                    throw new IllegalArgumentException("conv4: layer " + layer + " sees 1 value per channel in a batch of "
                            + input.shape()[0] + ", too few for a variance to track; use larger batches or images");
                }
                statistics.update(layer, result.mean(), result.unbiasedVariance());
                return result.output();
            }
            case RUNNING:
                return BatchNorm.inference(input, statistics.mean(layer), statistics.variance(layer), scale, shift, bnEps);
            default:
                throw new IllegalStateException("conv4: unknown normalisation mode " + mode);
        }
    }

    @Override
    public boolean usesBatchNormalization() {
        return true;
    }

    @Override
    public String toString() {
        return NAME + "(" + blocks + " blocks of " + filters + " filters, images " + Shapes.toString(imageShape) + ", " + classes
                + " classes, " + parameterCount() + " parameters)";
    }
}
