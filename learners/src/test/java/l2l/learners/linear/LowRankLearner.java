package l2l.learners.linear;

import java.util.Arrays;
import java.util.Map;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerInputs;
import l2l.metalearner.problem.ParameterLayout;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * A softmax classifier whose weight matrix has rank at most r: {@code logits = (x U^T) V^T + b}
 * for inputs flattened to D features, with {@code U [r, D]}, {@code V [classes, r]} and
 * {@code b [classes]}. Flat order: U, V, b, each row-major.
 */
public final class LowRankLearner implements Learner {

    private final int[] inputShape;
    private final int features;
    private final int classes;
    private final int rank;
    private final ParameterLayout layout;

    public LowRankLearner(int[] inputShape, int classes, int rank) {
        this.inputShape = inputShape.clone();
        this.features = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        this.classes = classes;
        this.rank = rank;
        this.layout = ParameterLayout.builder()
                .add("u", rank, features)
                .add("v", classes, rank)
                .add("bias", classes)
                .build();
    }

    @Override
    public String name() {
        return LowRankProvider.NAME;
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

    /** Draws U and V uniform in +-1/sqrt(fan-in), as PyTorch's Linear does, and sets b to zero. */
    @Override
    public Tensor initialParameters(TensorRandom random) {
        double uBound = 1 / Math.sqrt(features);
        double vBound = 1 / Math.sqrt(rank);
        return layout.join(Map.of(
                "u", random.uniform(-uBound, uBound, rank, features),
                "v", random.uniform(-vBound, vBound, classes, rank),
                "bias", Tensor.zeros(classes)));
    }

    @Override
    public Variable logits(Variable parameters, Tensor inputs) {
        LearnerInputs.requireBatch(LowRankProvider.NAME, inputShape, inputs);
        Variable x = Variable.constant(inputs.reshape(inputs.shape()[0], features));
        Variable projected = NeuralOps.linear(x, layout.view(parameters, "u"), null);
        return NeuralOps.linear(projected, layout.view(parameters, "v"), layout.view(parameters, "bias"));
    }
}
