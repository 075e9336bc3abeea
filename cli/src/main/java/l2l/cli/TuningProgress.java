package l2l.cli;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import l2l.metalearner.evaluation.LearningRateSearch;

/**
 * The progress lines of {@code l2l compare} while it tunes the baselines' learning rates. Every
 * tuned optimizer gets a line with its chosen learning rate. During a search, a grid point that
 * is scored at least {@code intervalNanos} after the last line adds a line with the learning rates
 * tried so far. So fast searches (quadratics) print one line per optimizer, and slow ones (MNIST)
 * print at most one more line per interval.
 */
final class TuningProgress {

    /** The minimum time from the last line to a line about the rates tried so far: 10 seconds. */
    static final long DEFAULT_INTERVAL_NANOS = 10_000_000_000L;

    private final int optimizers;
    private final int gridSize;
    private final long startNanos;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final Consumer<String> sink;

    private String optimizer;
    private int index;
    private int tried;
    private double firstRate;
    private double bestRate;
    private double bestScore;
    private long lastLineNanos;

    /**
     * Creates the reporter for {@code optimizers} searches over {@code gridSize} learning rates
     * each, timing from {@code startNanos} on {@code clock} and passing each line to {@code sink}.
     */
    TuningProgress(int optimizers, int gridSize, long startNanos, LongSupplier clock, long intervalNanos, Consumer<String> sink) {
        this.optimizers = optimizers;
        this.gridSize = gridSize;
        this.startNanos = startNanos;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.sink = sink;
        this.lastLineNanos = startNanos;
    }

    /** Starts the search of the next optimizer, named {@code name}. */
    void start(String name) {
        optimizer = name;
        index++;
        tried = 0;
        bestRate = Double.NaN;
        bestScore = Double.NaN;
    }

    /** Records one scored learning rate, and prints a line if the interval has passed. */
    void tried(LearningRateSearch.Point point) {
        tried++;
        // Lowest score wins, and the earlier (smaller) rate wins ties, as LearningRateSearch chooses.
        if (tried == 1) {
            firstRate = point.learningRate();
        }
        if (tried == 1 || point.score() < bestScore) {
            bestRate = point.learningRate();
            bestScore = point.score();
        }
        long now = clock.getAsLong();
        if (tried < gridSize && now - lastLineNanos >= intervalNanos) {
            emit(String.format(Locale.ROOT, "tuning %s (%d of %d): tried %d of %d learning rates (%s to %s), best %s, %d s so far",
                    optimizer, index, optimizers, tried, gridSize, CompareCommand.compact(firstRate), CompareCommand.compact(point.learningRate()),
                    CompareCommand.compact(bestRate), seconds(now)), now);
        }
    }

    /** Prints the line of a finished search. */
    void tuned(LearningRateSearch.Result result) {
        long now = clock.getAsLong();
        emit(String.format(Locale.ROOT, "tuned %s (%d of %d): learning rate %s chosen from %d, %d s so far", result.optimizer(), index,
                optimizers, CompareCommand.compact(result.chosen()), result.points().size(), seconds(now)), now);
    }

    private void emit(String line, long now) {
        sink.accept(line);
        lastLineNanos = now;
    }

    private long seconds(long now) {
        return Math.round((now - startNanos) / 1e9);
    }
}
