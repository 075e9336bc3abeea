package l2l.datasets;

/**
 * The size of an N-way K-shot episode: {@code ways} classes, {@code shots} support images and
 * {@code queries} query images per class.
 *
 * @param ways the number of classes N, at least 1
 * @param shots the support images per class K, at least 1
 * @param queries the query images per class Q, at least 0
 */
public record EpisodeShape(int ways, int shots, int queries) {

    /** Validates the sizes. */
    public EpisodeShape {
        if (ways < 1 || shots < 1 || queries < 0) {
            throw new IllegalArgumentException("EpisodeShape: ways and shots must be at least 1 and queries at least 0, got ways " + ways
                    + ", shots " + shots + ", queries " + queries);
        }
    }

    /** Returns the images drawn from each class, {@code shots + queries}. */
    public int imagesPerClass() {
        return shots + queries;
    }

    /** Returns a label such as {@code 5-way 1-shot, 15 queries}. */
    @Override
    public String toString() {
        return ways + "-way " + shots + "-shot, " + queries + (queries == 1 ? " query" : " queries");
    }
}
