package l2l.tensor;

import java.util.Arrays;
import java.util.Optional;

/**
 * An allowed difference between computed and expected values: {@code actual} matches
 * {@code expected} when {@code |actual - expected| <= absolute + relative * |expected|}.
 *
 * <p>This is the one comparison for floating-point results in the project's tests, golden cases
 * and gradient checks. Equal values match, including equal infinities; a NaN matches nothing.
 *
 * @param absolute the allowed difference near zero, at least 0
 * @param relative the allowed difference as a fraction of {@code |expected|}, at least 0
 */
public record Tolerance(double absolute, double relative) {

    /** Validates that both bounds are finite and not negative. */
    public Tolerance {
        if (!(absolute >= 0) || !(relative >= 0) || !Double.isFinite(absolute) || !Double.isFinite(relative)) {
            throw new IllegalArgumentException("Tolerance: absolute and relative bounds must be finite and >= 0, got absolute "
                    + absolute + " and relative " + relative);
        }
    }

    /** Returns whether {@code actual} is within this tolerance of {@code expected}. */
    public boolean accepts(double actual, double expected) {
        if (actual == expected) {
            return true;
        }
        if (Double.isInfinite(actual) || Double.isInfinite(expected)) {
            return false;
        }
        return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
    }

    /**
     * Returns a description of how {@code actual} differs from {@code expected}, or an empty
     * optional when the shapes are equal and every element matches. The description names the
     * shapes, or the number of mismatches and the element with the largest excess over the
     * allowed difference.
     */
    public Optional<String> mismatch(Tensor actual, Tensor expected) {
        if (!Arrays.equals(actual.shapeUnsafe(), expected.shapeUnsafe())) {
            return Optional.of("shape " + Shapes.toString(actual.shapeUnsafe()) + " differs from the expected "
                    + Shapes.toString(expected.shapeUnsafe()));
        }
        double[] a = actual.data();
        double[] e = expected.data();
        int failures = 0;
        int worst = -1;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            if (!accepts(a[i], e[i])) {
                failures++;
                double excess = Math.abs(a[i] - e[i]) - (absolute + relative * Math.abs(e[i]));
                if (worst < 0 || Double.isNaN(excess) || excess > worstExcess) {
                    worst = i;
                    worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                }
            }
        }
        if (failures == 0) {
            return Optional.empty();
        }
        double allowed = absolute + relative * Math.abs(e[worst]);
        return Optional.of(failures + " of " + a.length + " elements differ by more than " + this + "; the worst is at index "
                + Arrays.toString(Shapes.unravel(worst, actual.shapeUnsafe())) + ": actual " + a[worst] + ", expected " + e[worst]
                + ", difference " + Math.abs(a[worst] - e[worst]) + ", allowed " + allowed);
    }

    @Override
    public String toString() {
        return "abs " + absolute + " + rel " + relative;
    }
}
