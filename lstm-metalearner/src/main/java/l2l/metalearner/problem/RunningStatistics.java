package l2l.metalearner.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * The running mean and variance of every batch-normalisation layer of a learner, kept per episode
 * and updated the way PyTorch's {@code BatchNorm2d} does it:
 * <pre>
 * running_mean = (1 - momentum) running_mean + momentum batch_mean
 * running_var  = (1 - momentum) running_var  + momentum batch_var_unbiased
 * </pre>
 * A layer starts from mean 0 and variance 1 at its first update, as after PyTorch's
 * {@code reset_running_stats()}. The meta-learner creates a fresh instance for every episode, so
 * the statistics are reset at the start of each one.
 *
 * <p>Layers are identified by name (for example {@code block0.bn}), and each layer's statistics
 * are {@code [C]} vectors. An instance is mutable and belongs to one episode on one thread.
 */
public final class RunningStatistics {

    private final double momentum;
    private final Map<String, Tensor> means = new LinkedHashMap<>();
    private final Map<String, Tensor> variances = new LinkedHashMap<>();

    /**
     * Creates empty statistics.
     *
     * @param momentum the weight of each new batch, in {@code (0, 1]}; 1 keeps only the latest batch
     */
    public RunningStatistics(double momentum) {
        if (!(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException("RunningStatistics: momentum must be in (0, 1], got " + momentum);
        }
        this.momentum = momentum;
    }

    /** Returns the weight of each new batch. */
    public double momentum() {
        return momentum;
    }

    /**
     * Adds one batch's statistics of {@code layer} to its running averages.
     *
     * @param batchMean the batch mean per channel {@code [C]}
     * @param unbiasedVariance the unbiased batch variance per channel {@code [C]}
     * @throws IllegalArgumentException if the shapes differ from each other or from earlier updates
     */
    public void update(String layer, Tensor batchMean, Tensor unbiasedVariance) {
        if (batchMean.rank() != 1 || !unbiasedVariance.hasShape(batchMean.shape())) {
            throw new IllegalArgumentException("RunningStatistics: layer '" + layer + "' needs a mean and a variance of shape [C], got "
                    + Shapes.toString(batchMean.shape()) + " and " + Shapes.toString(unbiasedVariance.shape()));
        }
        int channels = batchMean.dim(0);
        Tensor mean = means.getOrDefault(layer, Tensor.zeros(channels));
        Tensor variance = variances.getOrDefault(layer, Tensor.ones(channels));
        if (!mean.hasShape(channels)) {
            throw new IllegalArgumentException("RunningStatistics: layer '" + layer + "' has " + mean.dim(0) + " channels, got a batch of "
                    + channels);
        }
        means.put(layer, mean.mul(1 - momentum).add(batchMean.mul(momentum)));
        variances.put(layer, variance.mul(1 - momentum).add(unbiasedVariance.mul(momentum)));
    }

    /**
     * Returns the running mean {@code [C]} of {@code layer}.
     *
     * @throws IllegalStateException if no batch of that layer was tracked in this episode
     */
    public Tensor mean(String layer) {
        return lookup(means, layer);
    }

    /**
     * Returns the running variance {@code [C]} of {@code layer}.
     *
     * @throws IllegalStateException if no batch of that layer was tracked in this episode
     */
    public Tensor variance(String layer) {
        return lookup(variances, layer);
    }

    /** Returns the names of the layers tracked so far, in the order of their first update. */
    public Set<String> layers() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(means.keySet()));
    }

    private Tensor lookup(Map<String, Tensor> statistics, String layer) {
        Tensor value = statistics.get(layer);
        if (value == null) {
            throw new IllegalStateException("RunningStatistics: no statistics of layer '" + layer + "' were tracked in this episode; "
                    + "run a forward pass with NormalizationMode.BATCH_AND_TRACK first");
        }
        return value;
    }
}
