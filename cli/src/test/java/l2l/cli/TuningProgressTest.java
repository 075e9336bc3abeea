package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.metalearner.evaluation.LearningRateSearch;
import l2l.metalearner.evaluation.LearningRateSearch.Point;

class TuningProgressTest {

    private static final long SECOND = 1_000_000_000L;

    private final List<String> lines = new ArrayList<>();
    private long now;

    private TuningProgress progress(int optimizers, int gridSize) {
        return new TuningProgress(optimizers, gridSize, 0, () -> now, 10 * SECOND, lines::add);
    }

    private void tryAt(TuningProgress progress, long seconds, double learningRate, double score) {
        now = seconds * SECOND;
        progress.tried(new Point(learningRate, score));
    }

    @Test
    void slowSearchPrintsTriedRatesAfterInterval() {
        TuningProgress progress = progress(2, 4);

        progress.start("sgd");
        tryAt(progress, 2, 0.01, 3.0);
        tryAt(progress, 5, 0.02, 1.5);
        tryAt(progress, 13, 0.05, 2.0);
        tryAt(progress, 14, 0.1, Double.POSITIVE_INFINITY);
        now = 15 * SECOND;
        progress.tuned(new LearningRateSearch.Result("sgd", List.of(new Point(0.01, 3.0), new Point(0.02, 1.5), new Point(0.05, 2.0),
                new Point(0.1, Double.POSITIVE_INFINITY)), 0.02));

        assertThat(lines).containsExactly(
                "tuning sgd (1 of 2): tried 3 of 4 learning rates (0.01 to 0.05), best 0.02, 13 s so far",
                "tuned sgd (1 of 2): learning rate 0.02 chosen from 4, 15 s so far");
    }

    @Test
    void intervalCountsFromLastLine() {
        TuningProgress progress = progress(2, 3);
        progress.start("sgd");
        tryAt(progress, 1, 0.1, 1.0);
        tryAt(progress, 2, 0.2, 1.0);
        tryAt(progress, 3, 0.5, 1.0);
        progress.tuned(new LearningRateSearch.Result("sgd", List.of(new Point(0.1, 1.0), new Point(0.2, 1.0), new Point(0.5, 1.0)), 0.1));

        progress.start("adam");
        tryAt(progress, 12, 0.1, Double.POSITIVE_INFINITY);
        tryAt(progress, 13, 0.2, Double.POSITIVE_INFINITY);
        tryAt(progress, 40, 0.5, 0.5);
        progress.tuned(new LearningRateSearch.Result("adam", List.of(new Point(0.1, Double.POSITIVE_INFINITY),
                new Point(0.2, Double.POSITIVE_INFINITY), new Point(0.5, 0.5)), 0.5));

        assertThat(lines).containsExactly(
                "tuned sgd (1 of 2): learning rate 0.1 chosen from 3, 3 s so far",
                "tuning adam (2 of 2): tried 2 of 3 learning rates (0.1 to 0.2), best 0.1, 13 s so far",
                "tuned adam (2 of 2): learning rate 0.5 chosen from 3, 40 s so far");
    }

    @Test
    void fastSearchPrintsOneLinePerOptimizer() {
        TuningProgress progress = progress(1, 16);
        progress.start("rmsprop");

        for (int k = 0; k < 16; k++) {
            tryAt(progress, 0, 0.0001 * (k + 1), 1.0 / (k + 1));
        }
        progress.tuned(new LearningRateSearch.Result("rmsprop", List.of(new Point(0.0016, 0.0625)), 0.0016));

        assertThat(lines).containsExactly("tuned rmsprop (1 of 1): learning rate 0.0016 chosen from 1, 0 s so far");
    }
}
