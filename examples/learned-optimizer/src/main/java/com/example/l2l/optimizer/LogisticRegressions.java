package com.example.l2l.optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.autodiff.Variable;
import l2l.metalearner.problem.Problem;
import l2l.metalearner.problem.ProblemFamily;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Random binary logistic regressions, the model this example trains. Each problem has
 * {@code examples} points {@code x [features]} drawn standard normal and labels
 * {@code y = 1} where {@code x . u + 0.5 * noise > 0} for a random direction {@code u}. The
 * parameters of one problem are {@code w [features]} then {@code b}, and its loss is the mean
 * binary cross-entropy {@code mean_n(softplus(z_n) - y_n z_n)} of the logits {@code z = X w + b}.
 *
 * <p>A sampled {@link Problem} contains {@code problems} independent regressions in one flat vector
 * {@code [problems * (features + 1)]}, as a {@link ProblemFamily} must for meta-training. Every
 * step uses all examples, so the loss does not depend on the step.
 */
public final class LogisticRegressions implements ProblemFamily {

    private final int problems;
    private final int features;
    private final int examples;

    /**
     * Creates the family.
     *
     * @throws IllegalArgumentException if a count is not positive
     */
    public LogisticRegressions(int problems, int features, int examples) {
        if (problems < 1 || features < 1 || examples < 1) {
            throw new IllegalArgumentException("LogisticRegressions: problems, features and examples must be positive, got " + problems
                    + ", " + features + " and " + examples);
        }
        this.problems = problems;
        this.features = features;
        this.examples = examples;
    }

    @Override
    public String name() {
        return "logistic-regression";
    }

    @Override
    public int parameterCount() {
        return problems * (features + 1);
    }

    @Override
    public Problem sample(long seed, int horizon) {
        TensorRandom random = new TensorRandom(seed);
        Tensor inputs = random.normal(0, 1, problems, examples, features);
        Tensor directions = random.normal(0, 1, problems, 1, features);
        Tensor scores = inputs.mul(directions).sum(2, false).add(random.normal(0, 0.5, problems, examples));
        double[] labels = new double[problems * examples];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = scores.getFlat(i) > 0 ? 1 : 0;
        }
        return new Regressions(inputs, Tensor.of(labels, problems, examples));
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name());
        description.put("problems", problems);
        description.put("features", features);
        description.put("examples", examples);
        return description;
    }

    /** The sampled regressions: inputs {@code [problems, examples, features]}, labels {@code [problems, examples]}. */
    private final class Regressions implements Problem {

        private final Tensor inputs;
        private final Tensor labels;

        Regressions(Tensor inputs, Tensor labels) {
            this.inputs = inputs;
            this.labels = labels;
        }

        @Override
        public Tensor initialParameters() {
            return Tensor.zeros(parameterCount());
        }

        @Override
        public int problemCount() {
            return problems;
        }

        @Override
        public Variable losses(Variable parameters, int step) {
            Variable perProblem = parameters.reshape(problems, features + 1);
            Variable weights = perProblem.slice(1, 0, features).reshape(problems, 1, features);
            Variable bias = perProblem.slice(1, features, features + 1);
            Variable logits = Variable.constant(inputs).mul(weights).sum(2, false).add(bias);

            // softplus(z) = max(z, 0) + log(1 + exp(-|z|)) does not overflow for large |z|.
            Variable softplus = logits.relu().add(logits.abs().neg().exp().add(1).log());
            return softplus.sub(logits.mul(Variable.constant(labels))).mean(1, false);
        }
    }
}
