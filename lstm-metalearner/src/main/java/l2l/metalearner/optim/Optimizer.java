package l2l.metalearner.optim;

import java.util.Map;

import l2l.tensor.Tensor;

/**
 * An optimizer that updates one flat parameter vector from its gradient, one coordinate per
 * element. Hand-designed optimizers and learned ones share this interface, so they can be
 * compared on the same problems and swapped in any training loop.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>Create the optimizer with its hyperparameters.
 *   <li>Call {@link #reset(int)} with the number of coordinates before the first step, and again
 *       whenever a new parameter vector starts; it clears all per-coordinate state.
 *   <li>Call {@link #step(Tensor, Tensor)} once per iteration with the current parameters and
 *       their gradient, both of shape {@code [n]}; it returns the new parameters.
 * </ol>
 *
 * <p>Implementations are stateful and not thread-safe; use one instance per optimized vector.
 * Those that support checkpoints return their state with {@link #state()} and take it back with
 * {@link #restoreState(Map)}, so that an interrupted run continues bit for bit.
 */
public interface Optimizer {

    /** Returns a short name such as {@code adam}, used in tables and result files. */
    String name();

    /**
     * Clears the per-coordinate state and prepares for a vector of {@code parameterCount}
     * coordinates.
     */
    void reset(int parameterCount);

    /**
     * Returns the parameters after one update.
     *
     * @param parameters the current parameters, shape {@code [n]}
     * @param gradient the gradient of the loss at {@code parameters}, shape {@code [n]}
     * @throws IllegalStateException if {@link #reset(int)} was not called for {@code n}
     *     coordinates
     * @throws IllegalArgumentException if the shapes differ from {@code [n]}
     */
    Tensor step(Tensor parameters, Tensor gradient);

    /**
     * Returns the state after the steps so far, for a checkpoint: the number of steps since the
     * last reset as the scalar {@code step}, and every per-coordinate buffer {@code [n]} by name.
     * This is an optional operation.
     *
     * @throws IllegalStateException if {@link #reset(int)} was not called
     * @throws UnsupportedOperationException if the optimizer cannot save its state, the default
     */
    default Map<String, Tensor> state() {
        throw new UnsupportedOperationException(name() + ": saving the optimizer state is not supported");
    }

    /**
     * Restores a state returned by {@link #state()} of an optimizer of the same kind, after
     * {@link #reset(int)} for the same number of coordinates. This is an optional operation.
     *
     * @throws IllegalArgumentException if the names or shapes differ from those {@link #state()} returns
     * @throws UnsupportedOperationException if the optimizer cannot restore its state, the default
     */
    default void restoreState(Map<String, Tensor> state) {
        throw new UnsupportedOperationException(name() + ": restoring the optimizer state is not supported");
    }
}
