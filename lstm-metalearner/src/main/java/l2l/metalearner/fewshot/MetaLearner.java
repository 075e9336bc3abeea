package l2l.metalearner.fewshot;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.autodiff.Gradients;
import l2l.autodiff.Lstm;
import l2l.autodiff.NoGrad;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.NormalizationMode;
import l2l.metalearner.problem.ParameterBlock;
import l2l.metalearner.problem.ParameterLayout;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.GradientPreprocessing;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * The meta-learner LSTM of Ravi and Larochelle (2017), "Optimization as a model for few-shot
 * learning": a two-layer coordinate-wise LSTM that trains a learner on a task's support set in
 * {@code T} steps, starting from meta-learned initial parameters {@code c0}.
 *
 * <p>At step {@code t = 1 .. T}, with the learner's parameters {@code theta_{t-1}} ({@code [n]},
 * {@code theta_0 = c0}):
 * <ol>
 *   <li>the learner's loss {@code L_t} and gradient {@code g_t} on the whole support set at
 *       {@code theta_{t-1}}, with batch normalisation in
 *       {@link NormalizationMode#BATCH_AND_TRACK};
 *   <li>the first layer, a standard LSTM cell ({@link Lstm#cell}) of hidden size {@code H}, on
 *       four inputs per coordinate: the preprocessed loss (the same pair for every coordinate),
 *       then the preprocessed gradient ({@link GradientPreprocessing}, {@code p = 10});
 *   <li>the {@link MetaCell} on the cell's new {@code h}: {@code theta_t = sigmoid(a_F) theta_{t-1}
 *       - sigmoid(a_I) g_t}.
 * </ol>
 * All weights are shared by the coordinates, so only {@code c0} grows with the learner.
 *
 * <p>The meta-parameters are one flat vector laid out by {@link #layout()}, with the PyTorch
 * names of the golden cases: {@code lstm.weight_ih [4H, 4]}, {@code lstm.weight_hh [4H, H]},
 * {@code lstm.bias_ih [4H]}, {@code lstm.bias_hh [4H]}, {@code WF [H + 2, 1]},
 * {@code WI [H + 2, 1]}, {@code bF [1]}, {@code bI [1]}, then {@code c0 [n]}. For the 5-way
 * four-block CNN with {@code H = 20} that is 2,126 weights and 28,485 initial parameters.
 *
 * <p>Instances hold only the sizes; the meta-parameters are passed in, so one instance serves
 * training and evaluation on any thread.
 */
public final class MetaLearner {

    /** The hidden size of the first layer used by Ravi and Larochelle. */
    public static final int DEFAULT_HIDDEN = 20;
    /** The inputs per coordinate of the first layer: the preprocessed loss and gradient. */
    public static final int INPUTS = 4;

    private final int hidden;
    private final int learnerParameters;
    private final ParameterLayout layout;

    /**
     * Creates a meta-learner for a learner of {@code learnerParameters} coordinates.
     *
     * @param hidden the hidden size {@code H} of the first layer
     */
    public MetaLearner(int hidden, int learnerParameters) {
        if (hidden < 1 || learnerParameters < 1) {
            throw new IllegalArgumentException("MetaLearner: hidden size and learner parameter count must be at least 1, got " + hidden
                    + " and " + learnerParameters);
        }
        this.hidden = hidden;
        this.learnerParameters = learnerParameters;
        this.layout = ParameterLayout.builder()
                .add("lstm.weight_ih", 4 * hidden, INPUTS)
                .add("lstm.weight_hh", 4 * hidden, hidden)
                .add("lstm.bias_ih", 4 * hidden)
                .add("lstm.bias_hh", 4 * hidden)
                .add("WF", hidden + 2, 1)
                .add("WI", hidden + 2, 1)
                .add("bF", 1)
                .add("bI", 1)
                .add("c0", learnerParameters)
                .build();
    }

    /** Returns the hidden size {@code H} of the first layer. */
    public int hidden() {
        return hidden;
    }

    /** Returns the number of learner coordinates {@code n}, the size of {@code c0}. */
    public int learnerParameters() {
        return learnerParameters;
    }

    /** Returns the layout of the flat meta-parameter vector. */
    public ParameterLayout layout() {
        return layout;
    }

    /**
     * Returns freshly initialised meta-parameters, as the authors' code does: the first LSTM with
     * PyTorch's default (uniform in {@code +-1/sqrt(H)}), {@code W_F} and {@code W_I} uniform in
     * {@code +-0.01}, {@code b_F} uniform in {@code [4, 6]} (the forget gate starts near 1, keeping
     * theta), {@code b_I} uniform in {@code [-5, -4]} (a small learning rate, so the meta-learner
     * starts near gradient descent), and {@code c0} from the learner's own initialisation. The
     * values are drawn in layout order from {@code random}.
     *
     * @throws IllegalArgumentException if the learner's parameter count differs from this meta-learner's
     */
    public Tensor initialParameters(Learner learner, TensorRandom random) {
        requireLearner(learner);
        double bound = 1 / Math.sqrt(hidden);
        Map<String, Tensor> parts = new LinkedHashMap<>();
        parts.put("lstm.weight_ih", random.uniform(-bound, bound, 4 * hidden, INPUTS));
        parts.put("lstm.weight_hh", random.uniform(-bound, bound, 4 * hidden, hidden));
        parts.put("lstm.bias_ih", random.uniform(-bound, bound, 4 * hidden));
        parts.put("lstm.bias_hh", random.uniform(-bound, bound, 4 * hidden));
        parts.put("WF", random.uniform(-0.01, 0.01, hidden + 2, 1));
        parts.put("WI", random.uniform(-0.01, 0.01, hidden + 2, 1));
        parts.put("bF", random.uniform(4, 6, 1));
        parts.put("bI", random.uniform(-5, -4, 1));
        parts.put("c0", learner.initialParameters(random));
        return layout.join(parts);
    }

    /**
     * The result of adapting a learner to a support set.
     *
     * @param theta the learner's parameters {@code theta_T [n]}, differentiable with respect to the
     *     meta-parameters when they require a gradient
     * @param supportLosses the learner's support loss before each of the T updates
     */
    public record Adaptation(Variable theta, double[] supportLosses) {
    }

    /**
     * Runs the T inner steps on the support set of {@code task}, starting from {@code c0}, and
     * returns {@code theta_T}. Every learner forward pass tracks its batch statistics in
     * {@code statistics}.
     *
     * <p>Pass the meta-parameters as a {@link Variable#parameter} to differentiate the result, or
     * as a {@link Variable#constant} to evaluate; then no meta-graph is recorded, and the order
     * makes no difference.
     *
     * @param parameters the flat meta-parameters {@code [layout().size()]}
     * @param steps the number of inner steps T, at least 1
     * @param p the preprocessing parameter of the loss and gradient inputs
     * @throws IllegalArgumentException if the learner or the parameters do not fit this meta-learner
     * @throws IllegalStateException inside a {@link NoGrad} scope, where the learner's gradient cannot be computed
     */
    public Adaptation adapt(Variable parameters, Learner learner, FewShotTask task, int steps, double p, GradientOrder order,
            RunningStatistics statistics) {
        requireLearner(learner);
        if (!parameters.value().hasShape(layout.size())) {
            throw new IllegalArgumentException("MetaLearner: meta-parameters have shape " + Shapes.toString(parameters.shape())
                    + " but the layout needs [" + layout.size() + "]");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("MetaLearner: the number of inner steps must be at least 1, got " + steps);
        }
        if (!NoGrad.isGradEnabled()) {
            throw new IllegalStateException("MetaLearner.adapt: called inside a NoGrad scope, where the learner's gradient cannot be "
                    + "computed; call it outside the scope and pass the meta-parameters as a constant to record no meta-graph");
        }
        Variable weightIh = layout.view(parameters, "lstm.weight_ih");
        Variable weightHh = layout.view(parameters, "lstm.weight_hh");
        Variable biasIh = layout.view(parameters, "lstm.bias_ih");
        Variable biasHh = layout.view(parameters, "lstm.bias_hh");
        Variable forgetWeight = layout.view(parameters, "WF");
        Variable inputWeight = layout.view(parameters, "WI");
        Variable forgetBias = layout.view(parameters, "bF");
        Variable inputBias = layout.view(parameters, "bI");
        Variable theta = layout.view(parameters, "c0");

        int n = learnerParameters;
        Variable h = Variable.constant(Tensor.zeros(n, hidden));
        Variable c = Variable.constant(Tensor.zeros(n, hidden));
        Variable forget = Variable.constant(Tensor.zeros(n));
        Variable input = Variable.constant(Tensor.zeros(n));
        boolean secondOrder = order == GradientOrder.SECOND && theta.requiresGrad();
        double[] losses = new double[steps];
        Tensor support = task.support();
        int[] labels = task.supportLabels();
        for (int t = 0; t < steps; t++) {
            Variable loss;
            Variable gradient;
            Variable inputs;
            if (secondOrder) {
                loss = learner.loss(theta, support, labels, NormalizationMode.BATCH_AND_TRACK, statistics);
                gradient = Gradients.of(loss, List.of(theta), true).get(0);
                inputs = Variable.concat(1, preprocess(loss.reshape(1), p).broadcastTo(n, 2), preprocess(gradient, p));
            } else {
                Variable detached = Variable.parameter(theta.value());
                loss = learner.loss(detached, support, labels, NormalizationMode.BATCH_AND_TRACK, statistics);
                gradient = Variable.constant(Gradients.of(loss, List.of(detached), false).get(0).value());
                Tensor lossInput = GradientPreprocessing.preprocess(loss.value().reshape(1), p).broadcastTo(n, 2);
                inputs = Variable.constant(Tensor.concat(1, lossInput, GradientPreprocessing.preprocess(gradient.value(), p)));
            }
            losses[t] = loss.value().item();

            Lstm.State state = Lstm.cell(inputs, h, c, weightIh, weightHh, biasIh, biasHh);
            h = state.h();
            c = state.c();
            MetaCell.Output output = MetaCell.step(h, theta, forget, input, gradient, forgetWeight, inputWeight, forgetBias, inputBias);
            theta = output.theta();
            forget = output.forget();
            input = output.input();
        }
        return new Adaptation(theta, losses);
    }

    /**
     * Returns the preprocessing of {@link GradientPreprocessing} built from differentiable
     * operations, {@code [n, 2]} for {@code x [n]}, so that second-order meta-gradients include
     * its derivative: {@code 1 / (p x)} and 0 where {@code |x| >= exp(-p)}, 0 and {@code exp(p)}
     * below.
     */
    static Variable preprocess(Variable x, double p) {
        int n = x.value().size();
        double threshold = Math.exp(-p);
        Tensor large = x.value().abs().greaterThan(Math.nextDown(threshold));
        Variable largeMask = Variable.constant(large);
        Variable smallMask = Variable.constant(large.neg().add(1.0));
        Variable magnitude = x.abs().clamp(threshold, Double.MAX_VALUE);
        Variable first = magnitude.log().div(p).mul(largeMask).sub(smallMask);
        Variable second = x.sign().mul(largeMask).add(x.mul(Math.exp(p)).mul(smallMask));
        return Variable.concat(1, first.reshape(n, 1), second.reshape(n, 1));
    }

    /**
     * Returns the learner's initial parameters {@code c0} adjusted to another learner layout, such
     * as the same network with another number of classes: blocks of equal shape are copied, and a
     * block that differs only in its first dimension (the class dimension of a
     * classifier head, such as {@code fc.weight [N, F]} and {@code fc.bias [N]}) gets the mean of
     * its learned rows in every row. A 5-way model evaluated on 20-way tasks thus starts with a
     * head that scores every class alike.
     *
     * @throws IllegalArgumentException if a block is missing or differs in another dimension
     */
    public static Tensor resizeInitialParameters(Tensor c0, ParameterLayout from, ParameterLayout to) {
        Map<String, Tensor> source = from.split(c0);
        Map<String, Tensor> target = new LinkedHashMap<>();
        for (ParameterBlock block : to.blocks()) {
            Tensor learned = source.get(block.name());
            if (learned == null) {
                throw new IllegalArgumentException("MetaLearner: block '" + block.name() + "' of the target learner is not in the trained "
                        + "one, which has " + source.keySet());
            }
            int[] shape = block.shape();
            int[] learnedShape = learned.shape();
            if (learned.hasShape(shape)) {
                target.put(block.name(), learned);
            } else if (shape.length == learnedShape.length && Arrays.equals(shape, 1, shape.length, learnedShape, 1,
                    learnedShape.length)) {
                target.put(block.name(), learned.mean(0, true).broadcastTo(shape));
            } else {
                throw new IllegalArgumentException("MetaLearner: block '" + block.name() + "' has shape " + Shapes.toString(learnedShape)
                        + " in the trained learner and " + Shapes.toString(shape) + " in the target; only the first (class) dimension may differ");
            }
        }
        return to.join(target);
    }

    private void requireLearner(Learner learner) {
        if (learner.parameterCount() != learnerParameters) {
            throw new IllegalArgumentException("MetaLearner: built for a learner of " + learnerParameters + " parameters, but "
                    + learner.name() + " has " + learner.parameterCount());
        }
    }
}
