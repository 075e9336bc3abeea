package l2l.metalearner.coordinatewise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.autodiff.Lstm;
import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * One step of the coordinate-wise LSTM optimizer of Andrychowicz et al. (2016), "Learning to learn
 * by gradient descent by gradient descent", as a differentiable function of its weights. Every
 * coordinate is one row, and all rows share the weights:
 *
 * <pre>
 * x        = preprocess(g)  [n, 2]   or   g  [n, 1]
 * h0', c0' = LSTMCell_0(x,   (h0, c0))          [n, H]
 * h1', c1' = LSTMCell_1(h0', (h1, c1))          [n, H]
 * update   = outputScale * (h1' out.weight^T + out.bias)   [n]
 * </pre>
 *
 * The gradient {@code g} is a constant input: no derivative flows through it (first order). The
 * cells run on the fused kernels of {@link Lstm#cell}.
 *
 * <p>Built with {@link #parameters}, the weights are leaves that require gradients, for
 * meta-training; built with {@link #constants}, they are constants, for deployment. An instance
 * keeps no per-coordinate state, so one may serve any number of optimizations on one thread.
 */
public final class CoordinatewiseLstm {

    private final LstmOptimizerConfig config;
    private final Map<String, Variable> weights;

    private CoordinatewiseLstm(LstmOptimizerConfig config, Map<String, Variable> weights) {
        this.config = config;
        this.weights = weights;
    }

    /** Returns a network whose weights are new leaves that require gradients. */
    public static CoordinatewiseLstm parameters(LstmOptimizerWeights weights) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        weights.tensors().forEach((name, tensor) -> variables.put(name, Variable.parameter(tensor)));
        return new CoordinatewiseLstm(weights.config(), variables);
    }

    /** Returns a network whose weights are constants. */
    public static CoordinatewiseLstm constants(LstmOptimizerWeights weights) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        weights.tensors().forEach((name, tensor) -> variables.put(name, Variable.constant(tensor)));
        return new CoordinatewiseLstm(weights.config(), variables);
    }

    /**
     * Returns a network on the given weight variables, in the order of
     * {@link LstmOptimizerWeights#names()}; gradients flow to those that require them.
     *
     * @throws IllegalArgumentException if a weight is missing or has another shape than {@code config} needs
     */
    public static CoordinatewiseLstm of(LstmOptimizerConfig config, List<Variable> weights) {
        List<String> names = LstmOptimizerWeights.names();
        if (weights.size() != names.size()) {
            throw new IllegalArgumentException("LSTM optimizer: expected " + names.size() + " weights " + names + ", got " + weights.size());
        }
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            int[] expected = LstmOptimizerWeights.shape(config, names.get(k));
            if (!weights.get(k).value().hasShape(expected)) {
                throw new IllegalArgumentException("LSTM optimizer: weight '" + names.get(k) + "' has shape "
                        + Shapes.toString(weights.get(k).shape()) + " but " + config.describe() + " needs " + Shapes.toString(expected));
            }
            variables.put(names.get(k), weights.get(k));
        }
        return new CoordinatewiseLstm(config, variables);
    }

    /** Returns the configuration. */
    public LstmOptimizerConfig config() {
        return config;
    }

    /** Returns the weight variables in the order of {@link LstmOptimizerWeights#names()}. */
    public List<Variable> weightVariables() {
        return new ArrayList<>(weights.values());
    }

    /** Returns the zero state for {@code n} coordinates. */
    public LstmOptimizerState initialState(int n) {
        return LstmOptimizerState.zeros(n, config.hiddenSize());
    }

    /**
     * The result of one step.
     *
     * @param update the change to add to the parameters, {@code [n]}
     * @param state the state after the step
     */
    public record Step(Variable update, LstmOptimizerState state) {
    }

    /**
     * Returns the update for the gradient {@code [n]} and the new state.
     *
     * @throws IllegalArgumentException if the gradient is not a vector or the state does not have
     *     {@code n} rows of {@code H}
     */
    public Step step(Tensor gradient, LstmOptimizerState state) {
        if (gradient.rank() != 1) {
            throw new IllegalArgumentException("LSTM optimizer step: the gradient must be a vector [n], got " + Shapes.toString(gradient.shape()));
        }
        int n = gradient.size();
        if (!state.h0().value().hasShape(n, config.hiddenSize())) {
            throw new IllegalArgumentException("LSTM optimizer step: the state has shape " + Shapes.toString(state.h0().shape())
                    + " but the gradient has " + n + " coordinates and the hidden size is " + config.hiddenSize()
                    + "; start with initialState(" + n + ")");
        }
        Variable input = config.preprocessing()
                ? NeuralOps.preprocessGradient(Variable.constant(gradient), config.p())
                : Variable.constant(gradient.reshape(n, 1));

        Lstm.State first = Lstm.cell(input, state.h0(), state.c0(), weights.get("lstm0.weight_ih"), weights.get("lstm0.weight_hh"),
                weights.get("lstm0.bias_ih"), weights.get("lstm0.bias_hh"));
        Lstm.State second = Lstm.cell(first.h(), state.h1(), state.c1(), weights.get("lstm1.weight_ih"), weights.get("lstm1.weight_hh"),
                weights.get("lstm1.bias_ih"), weights.get("lstm1.bias_hh"));
        Variable output = NeuralOps.linear(second.h(), weights.get("out.weight"), weights.get("out.bias"));
        Variable update = output.mul(config.outputScale()).reshape(n);
        return new Step(update, new LstmOptimizerState(first.h(), first.c(), second.h(), second.c()));
    }
}
