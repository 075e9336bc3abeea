package l2l.metalearner.evaluation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.problem.Problem;

/**
 * Tunes the learning rate of a hand-designed optimizer by grid search: one run per grid point on
 * the same tuning problems, scored by a {@link Score}, lowest score chosen (the smaller learning
 * rate among equal scores).
 */
public final class LearningRateSearch {

    private LearningRateSearch() {
    }

    /** The score of a tuning run: lower is better, and a diverged run should score infinity. */
    @FunctionalInterface
    public interface Score {

        /** Returns the score of one run. */
        double of(OptimizerRun.Curve curve);
    }

    /**
     * The score of one learning rate.
     *
     * @param learningRate the learning rate
     * @param score the score, {@link Double#POSITIVE_INFINITY} for a diverged run
     */
    public record Point(double learningRate, double score) {
    }

    /**
     * The outcome of a search.
     *
     * @param optimizer the optimizer's name
     * @param points the score of every grid point, in grid order
     * @param chosen the chosen learning rate
     */
    public record Result(String optimizer, List<Point> points, double chosen) {

        /** Copies the list. */
        public Result {
            points = List.copyOf(points);
        }
    }

    /**
     * Returns the grid {@code {1, 2, 5} x 10^k} from {@code min} to {@code max}, both included if
     * they are grid points, in increasing order; for example {@code 1e-4, 2e-4, 5e-4, ..., 5, 10}.
     * The values are the doubles nearest to the decimal numbers, so {@code 0.2} is exactly
     * {@code 0.2}.
     *
     * @throws IllegalArgumentException if the bounds are not positive or {@code min > max}
     */
    public static List<Double> grid(double min, double max) {
        if (!(min > 0) || !(max >= min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("Learning-rate grid: need 0 < min <= max, got min " + min + " and max " + max);
        }
        List<Double> values = new ArrayList<>();
        int exponent = (int) Math.floor(Math.log10(min)) - 1;
        int lastExponent = (int) Math.ceil(Math.log10(max)) + 1;
        for (; exponent <= lastExponent; exponent++) {
            for (int mantissa : new int[] {1, 2, 5}) {
                double value = new BigDecimal(mantissa).scaleByPowerOfTen(exponent).doubleValue();
                if (value >= min * (1 - 1e-12) && value <= max * (1 + 1e-12)) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /**
     * Runs the named baseline for {@code steps} steps on {@code tuning} with every learning rate
     * of {@code grid} and returns the scores and the choice.
     *
     * @throws IllegalArgumentException if the grid is empty or the name unknown
     */
    public static Result tune(String optimizer, List<Double> grid, Problem tuning, int steps, Score score) {
        return tune(optimizer, grid, tuning, steps, score, point -> {
        });
    }

    /**
     * Runs the search as {@link #tune(String, List, Problem, int, Score)} does, and passes each
     * grid point to {@code afterEach} as soon as it is scored, in grid order, for progress reports.
     *
     * @throws IllegalArgumentException if the grid is empty or the name unknown
     */
    public static Result tune(String optimizer, List<Double> grid, Problem tuning, int steps, Score score, Consumer<Point> afterEach) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("Learning-rate search for " + optimizer + ": the grid is empty");
        }
        List<Point> points = new ArrayList<>();
        for (double learningRate : grid) {
            OptimizerRun.Curve curve = OptimizerRun.run(HandDesignedOptimizers.create(optimizer, learningRate), tuning, steps);
            double value = curve.diverged() ? Double.POSITIVE_INFINITY : score.of(curve);
            Point point = new Point(learningRate, Double.isNaN(value) ? Double.POSITIVE_INFINITY : value);
            points.add(point);
            afterEach.accept(point);
        }
        return new Result(optimizer, points, choose(points));
    }

    /** Returns the learning rate of the lowest score; the smallest learning rate wins ties, and also when every run diverged. */
    static double choose(List<Point> points) {
        Point best = null;
        for (Point point : points) {
            if (best == null || point.score() < best.score()
                    || (point.score() == best.score() && point.learningRate() < best.learningRate())) {
                best = point;
            }
        }
        return best.learningRate();
    }
}
