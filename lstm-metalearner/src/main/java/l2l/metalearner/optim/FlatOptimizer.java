package l2l.metalearner.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

    @Override
    public final Map<String, Tensor> state() {
        requireReset();
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("step", Tensor.scalar(steps));
        for (Map.Entry<String, double[]> buffer : buffers().entrySet()) {
            state.put(buffer.getKey(), Tensor.vector(buffer.getValue()));
        }
        return Collections.unmodifiableMap(state);
    }

    @Override
    public final void restoreState(Map<String, Tensor> state) {
        requireReset();
        Map<String, double[]> buffers = buffers();
        if (!state.keySet().equals(state().keySet())) {
            throw new IllegalArgumentException(name() + ": the state to restore has the entries " + state.keySet() + ", expected "
                    + state().keySet());
        }
        Tensor step = state.get("step");
        double stepValue = step.size() == 1 ? step.item() : -1;
        if (!step.hasShape() || stepValue < 0 || stepValue != Math.rint(stepValue) || stepValue > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": the state's step must be a scalar whole number >= 0, got " + step);
        }
        for (String name : buffers.keySet()) {
            checkShape("state '" + name + "'", state.get(name));
        }
        for (Map.Entry<String, double[]> buffer : buffers.entrySet()) {
            state.get(buffer.getKey()).copyTo(buffer.getValue(), 0);
        }
        steps = (int) stepValue;
    }

    private void requireReset() {
        if (parameterCount < 0) {
            throw new IllegalStateException(name() + ": call reset(n) before saving or restoring the state");
        }
    }

    /**
     * Returns the per-coordinate buffers by name, the arrays themselves so that a restore can fill
     * them; none by default.
     */
    Map<String, double[]> buffers() {
        return Map.of();
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
