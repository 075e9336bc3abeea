package l2l.metalearner.optim;

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
}
