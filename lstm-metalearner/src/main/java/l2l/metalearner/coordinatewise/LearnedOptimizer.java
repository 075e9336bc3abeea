package l2l.metalearner.coordinatewise;

import l2l.autodiff.NoGrad;
import l2l.metalearner.optim.Optimizer;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * A trained coordinate-wise LSTM optimizer behind the {@link Optimizer} interface, so it replaces
 * a hand-designed optimizer in any training loop over a flat parameter vector: {@code reset(n)}
 * sets the LSTM states of the n coordinates to zero, and each {@code step} feeds the gradient to
 * the network and returns {@code parameters + update}. The computation records no graph.
 *
 * <p>Like every optimizer it keeps per-coordinate state and is not thread-safe.
 */
public final class LearnedOptimizer implements Optimizer {

    /** The name in tables and result files. */
    public static final String NAME = "lstm";

    private final CoordinatewiseLstm network;
    private LstmOptimizerState state;
    private int parameterCount = -1;

    /** Creates an optimizer with the given weights. */
    public LearnedOptimizer(LstmOptimizerWeights weights) {
        this.network = CoordinatewiseLstm.constants(weights);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void reset(int parameterCount) {
        if (parameterCount < 0) {
            throw new IllegalArgumentException(NAME + ": parameter count must not be negative, got " + parameterCount);
        }
        this.parameterCount = parameterCount;
        this.state = network.initialState(parameterCount);
    }

    @Override
    public Tensor step(Tensor parameters, Tensor gradient) {
        if (state == null) {
            throw new IllegalStateException(NAME + ": call reset(n) before the first step");
        }
        for (Tensor tensor : new Tensor[] {parameters, gradient}) {
            if (!tensor.hasShape(parameterCount)) {
                throw new IllegalArgumentException(NAME + ": " + (tensor == parameters ? "parameters" : "gradient") + " has shape "
                        + Shapes.toString(tensor.shape()) + " but the optimizer was reset for shape [" + parameterCount + "]");
            }
        }
        try (NoGrad scope = NoGrad.enter()) {
            CoordinatewiseLstm.Step step = network.step(gradient, state);
            state = step.state();
            return parameters.add(step.update().value());
        }
    }
}
