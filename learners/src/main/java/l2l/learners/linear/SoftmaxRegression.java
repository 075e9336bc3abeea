package l2l.learners.linear;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerInputs;
import l2l.metalearner.problem.ParameterLayout;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Softmax regression (multinomial logistic regression): {@code logits = x W^T + b} for inputs
 * flattened to {@code D} features. The smallest learner with a real classification loss, used to
 * check meta-gradients against PyTorch and finite differences.
 *
 * <p>Flat order: {@code weight [classes, D]} row-major, then {@code bias [classes]}. Inputs of any
 * shape {@code [B, inputShape...]} are flattened to {@code [B, D]}. Initialisation as PyTorch's
 * {@code Linear}: weight and bias uniform in {@code +-1/sqrt(D)}.
 */
public final class SoftmaxRegression implements Learner {

    /** The name users select this learner by. */
    public static final String NAME = "softmax";

    private final int[] inputShape;
    private final int features;
    private final int classes;
    private final ParameterLayout layout;

    /** Creates the learner for examples of {@code inputShape} and {@code classes} classes. */
    public SoftmaxRegression(int[] inputShape, int classes) {
        if (inputShape.length == 0 || classes < 2) {
            throw new IllegalArgumentException("softmax: needs an input shape with at least one dimension and at least 2 classes, got "
                    + Shapes.toString(inputShape) + " and " + classes + " classes");
        }
        this.inputShape = inputShape.clone();
        this.features = Shapes.size(inputShape);
        this.classes = classes;
        this.layout = ParameterLayout.builder().add("weight", classes, features).add("bias", classes).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
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
        double bound = 1 / Math.sqrt(features);
        return random.uniform(-bound, bound, layout.size());
    }

    @Override
    public Variable logits(Variable parameters, Tensor inputs) {
        LearnerInputs.requireBatch("softmax", inputShape, inputs);
        Variable flat = Variable.constant(inputs.reshape(inputs.shape()[0], features));
        return NeuralOps.linear(flat, layout.view(parameters, "weight"), layout.view(parameters, "bias"));
    }
}
