package l2l.learners;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerInputs;
import l2l.metalearner.problem.ParameterLayout;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * A multilayer perceptron classifier: the input example is flattened to {@code D} features, each
 * hidden layer is {@code activation(x W^T + b)}, and a last linear layer gives the logits. The
 * default, one hidden layer of 20 sigmoid units, is the MNIST learner of Andrychowicz et al.
 * (2016).
 *
 * <p>Flat layout, layer {@code k} from 0 (the last is the output layer), each weight in PyTorch's
 * {@code Linear} layout {@code [out, in]} and row-major:
 * <pre>
 * layer0.weight [W0, D], layer0.bias [W0], layer1.weight [W1, W0], layer1.bias [W1], ...,
 * layerL.weight [classes, W(L-1)], layerL.bias [classes]
 * </pre>
 * For 28 x 28 images, 20 hidden units and 10 classes that is 15,680 + 20 + 200 + 10 = 15,910
 * coordinates.
 *
 * <p>Initialisation: by default every weight normal with mean 0 and variance {@code 1 / fan_in}
 * (the layer's input width), every bias 0, drawn layer by layer. With a fixed standard deviation
 * {@code s}, every weight and every bias is drawn from {@code N(0, s^2)} in layout order; DeepMind's
 * code for the paper uses {@code s = 0.01}.
 */
public final class MlpLearner implements Learner {

    private final int[] inputShape;
    private final int features;
    private final int classes;
    private final int[] hiddenWidths;
    private final Activation activation;
    private final ParameterLayout layout;
    private final OptionalDouble initStd;

    /**
     * Creates the learner.
     *
     * @param inputShape the shape of one example, without the batch dimension, such as {@code [1, 28, 28]}
     * @param classes the number of classes, at least 2
     * @param hiddenWidths the width of every hidden layer, in order; may be empty for softmax regression
     * @param activation the nonlinearity of the hidden layers
     */
    public MlpLearner(int[] inputShape, int classes, int[] hiddenWidths, Activation activation) {
        this(inputShape, classes, hiddenWidths, activation, OptionalDouble.empty());
    }

    /**
     * Creates the learner with a choice of initialisation.
     *
     * @param inputShape the shape of one example, without the batch dimension, such as {@code [1, 28, 28]}
     * @param classes the number of classes, at least 2
     * @param hiddenWidths the width of every hidden layer, in order; may be empty for softmax regression
     * @param activation the nonlinearity of the hidden layers
     * @param initStd the standard deviation of every initial weight and bias, or empty for the
     *     default (weights with variance {@code 1 / fan_in}, biases 0)
     */
    public MlpLearner(int[] inputShape, int classes, int[] hiddenWidths, Activation activation, OptionalDouble initStd) {
        if (inputShape.length == 0) {
            throw new IllegalArgumentException("MLP: the input shape must have at least one dimension");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("MLP: a classifier needs at least 2 classes, got " + classes);
        }
        for (int width : hiddenWidths) {
            if (width < 1) {
                throw new IllegalArgumentException("MLP: hidden widths must be at least 1, got " + Arrays.toString(hiddenWidths));
            }
        }
        this.inputShape = inputShape.clone();
        this.features = Shapes.size(this.inputShape);
        this.classes = classes;
        this.hiddenWidths = hiddenWidths.clone();
        this.activation = activation;
        if (initStd.isPresent() && !(initStd.getAsDouble() > 0 && Double.isFinite(initStd.getAsDouble()))) {
            throw new IllegalArgumentException("MLP: the initial standard deviation must be positive and finite, got " + initStd.getAsDouble());
        }
        this.initStd = initStd;
        ParameterLayout.Builder builder = ParameterLayout.builder();
        int in = features;
        for (int k = 0; k <= hiddenWidths.length; k++) {
            int out = k < hiddenWidths.length ? hiddenWidths[k] : classes;
            builder.add("layer" + k + ".weight", out, in).add("layer" + k + ".bias", out);
            in = out;
        }
        this.layout = builder.build();
    }

    @Override
    public String name() {
        return MlpProvider.NAME;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    /** Returns the widths of the hidden layers. */
    public int[] hiddenWidths() {
        return hiddenWidths.clone();
    }

    /** Returns the nonlinearity of the hidden layers. */
    public Activation activation() {
        return activation;
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public Tensor initialParameters(TensorRandom random) {
        if (initStd.isPresent()) {
            return random.normal(0, initStd.getAsDouble(), layout.size());
        }
        double[] flat = new double[layout.size()];
        for (int k = 0; k <= hiddenWidths.length; k++) {
            var block = layout.block("layer" + k + ".weight");
            int fanIn = block.shape()[1];
            random.normal(0, 1 / Math.sqrt(fanIn), block.shape()).copyTo(flat, block.offset());
        }
        return Tensor.of(flat, flat.length);
    }

    @Override
    public Variable logits(Variable parameters, Tensor inputs) {
        LearnerInputs.requireBatch("MLP", inputShape, inputs);
        if (!parameters.value().hasShape(layout.size())) {
            throw new IllegalArgumentException("MLP: parameters must be [" + layout.size() + "], got " + Shapes.toString(parameters.shape()));
        }
        Variable x = Variable.constant(inputs.reshape(inputs.shape()[0], features));
        for (int k = 0; k <= hiddenWidths.length; k++) {
            Variable weight = layout.view(parameters, "layer" + k + ".weight");
            Variable bias = layout.view(parameters, "layer" + k + ".bias");
            x = NeuralOps.linear(x, weight, bias);
            if (k < hiddenWidths.length) {
                x = activation.apply(x);
            }
        }
        return x;
    }

    /** Returns the names of the weights in flat order. */
    public List<String> parameterNames() {
        return layout.blocks().stream().map(block -> block.name()).toList();
    }
}
