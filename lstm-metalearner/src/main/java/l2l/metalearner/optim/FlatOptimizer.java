package l2l.metalearner.optim;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * Base of the hand-designed optimizers: checks the lifecycle and shapes, then hands plain arrays
 * to {@link #update(double[], double[], int)}, which changes the parameters in place.
 */
abstract class FlatOptimizer implements Optimizer {

    private int parameterCount = -1;
    private int steps;

    @Override
    public final void reset(int parameterCount) {
        if (parameterCount < 0) {
            throw new IllegalArgumentException(name() + ": parameter count must not be negative, got " + parameterCount);
        }
        this.parameterCount = parameterCount;
        this.steps = 0;
        clearState(parameterCount);
    }

    @Override
    public final Tensor step(Tensor parameters, Tensor gradient) {
        if (parameterCount < 0) {
            throw new IllegalStateException(name() + ": call reset(n) before the first step");
        }
        checkShape("parameters", parameters);
        checkShape("gradient", gradient);
        double[] values = parameters.toArray();
        steps++;
        update(values, gradient.toArray(), steps);
        return Tensor.of(values, parameterCount);
    }

    private void checkShape(String role, Tensor tensor) {
        if (!tensor.hasShape(parameterCount)) {
            throw new IllegalArgumentException(name() + ": " + role + " has shape " + Shapes.toString(tensor.shape())
                    + " but the optimizer was reset for shape [" + parameterCount + "]");
        }
    }

    /** Allocates zeroed per-coordinate state for {@code n} coordinates. */
    abstract void clearState(int n);

    /**
     * Updates {@code parameters} in place.
     *
     * @param step the 1-based number of this step since the last reset
     */
    abstract void update(double[] parameters, double[] gradient, int step);

    static double requirePositive(String optimizer, String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be a positive finite number, got " + value);
        }
        return value;
    }

    static double requireFraction(String optimizer, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
