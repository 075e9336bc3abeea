package l2l.metalearner.problem;

/**
 * Where the batch-normalisation layers of a learner take their statistics from in one forward
 * pass. A learner without batch normalisation ignores the mode.
 *
 * <p>The few-shot meta-learner of Ravi and Larochelle (2017) uses all three within an episode:
 * {@link #BATCH_AND_TRACK} on the support set in the inner loop, then {@link #BATCH} for the
 * query pass during meta-training and {@link #RUNNING} for the query pass at evaluation.
 */
public enum NormalizationMode {

    /** Normalise with the mean and biased variance of the current batch; the running statistics stay unchanged. */
    BATCH,

    /** Normalise with the statistics of the current batch and add them to the {@link RunningStatistics}. */
    BATCH_AND_TRACK,

    /** Normalise with the {@link RunningStatistics}, held constant, as PyTorch's evaluation mode does. */
    RUNNING
}
