package l2l.metalearner.evaluation;

import l2l.tensor.TensorRandom;

/**
 * The separate random streams of a run, all derived from one seed, so that choosing the seed fixes
 * every random choice while the streams stay independent: held-out test problems never coincide
 * with training, validation or tuning problems.
 *
 * @param weights the seed of the learned optimizer's initial weights
 * @param training the seed of the stream of training problems
 * @param validation the seed of the fixed validation problems
 * @param tuning the seed of the problems the baselines' learning rates are tuned on
 * @param test the seed of the held-out problems the comparison reports
 */
public record SeedStreams(long weights, long training, long validation, long tuning, long test) {

    /** Returns the streams of {@code seed}: the first five values of a generator seeded with it, in the order of the fields. */
    public static SeedStreams derive(long seed) {
        TensorRandom random = new TensorRandom(seed);
        return new SeedStreams(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }
}
