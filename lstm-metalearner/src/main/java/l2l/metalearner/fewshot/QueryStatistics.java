package l2l.metalearner.fewshot;

import java.util.Locale;

import l2l.metalearner.problem.NormalizationMode;

/**
 * The batch-normalisation statistics of the query pass at evaluation. During meta-training the
 * query pass always uses the statistics of the query batch; at evaluation the reference code of
 * Ravi and Larochelle switches the learner to its running statistics, gathered on the episode's
 * support set during the inner loop. Using the query batch's own statistics instead lets the
 * query images inform each other's normalisation (transductive), which changes what is measured.
 */
public enum QueryStatistics {

    /** The running statistics gathered on the support set in the inner loop; the default. */
    SUPPORT("support", NormalizationMode.RUNNING),

    /** The statistics of the query batch, as during meta-training. */
    BATCH("batch", NormalizationMode.BATCH);

    private final String key;
    private final NormalizationMode mode;

    QueryStatistics(String key, NormalizationMode mode) {
        this.key = key;
        this.mode = mode;
    }

    /** Returns the name in configurations and on the command line: {@code support} or {@code batch}. */
    public String key() {
        return key;
    }

    /** Returns the normalisation mode of the query pass. */
    public NormalizationMode mode() {
        return mode;
    }

    /**
     * Returns the value named {@code key}, ignoring case.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static QueryStatistics fromKey(String key) {
        for (QueryStatistics value : values()) {
            if (value.key.equals(key.toLowerCase(Locale.ROOT))) {
                return value;
            }
        }
        throw new IllegalArgumentException("Unknown query statistics '" + key + "'; expected support or batch");
    }
}
