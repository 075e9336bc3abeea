package l2l.metalearner.fewshot;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.ParameterLayout;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/** A test learner: softmax regression {@code logits = x W^T + b} on {@code [B, features]} inputs, flat order W then b. */
final class LinearLearner implements Learner {

    private final int features;
    private final int classes;
    private final ParameterLayout layout;

    LinearLearner(int features, int classes) {
        this.features = features;
        this.classes = classes;
        this.layout = ParameterLayout.builder().add("weight", classes, features).add("bias", classes).build();
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public int[] inputShape() {
        return new int[] {features};
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
        return random.uniform(-0.5, 0.5, layout.size());
    }

    @Override
    public Variable logits(Variable parameters, Tensor inputs) {
        return NeuralOps.linear(Variable.constant(inputs), layout.view(parameters, "weight"), layout.view(parameters, "bias"));
    }

    /** Returns a task of {@code classes} classes with {@code perClass} support and query inputs each, drawn around class means. */
    static FewShotTask task(long index, int features, int classes, int perClass, TensorRandom random) {
        Tensor means = random.normal(0, 1, classes, features);
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % classes;
        }
        Tensor support = means.gather(0, labels).add(random.normal(0, 0.5, labels.length, features));
        Tensor query = means.gather(0, labels).add(random.normal(0, 0.5, labels.length, features));
        return new FewShotTask(index, support, labels, query, labels, classes);
    }
}
