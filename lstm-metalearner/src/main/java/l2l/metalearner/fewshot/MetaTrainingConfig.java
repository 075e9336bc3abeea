package l2l.metalearner.fewshot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import l2l.metalearner.checkpoint.CheckpointException;

/**
 * The settings of a meta-training run, besides the model's {@link FewShotSetup}.
 *
 * @param episodes the number of meta-training episodes, one Adam step each
 * @param learningRate Adam's learning rate for the meta-parameters
 * @param clipNorm the largest Euclidean norm of the meta-gradient over all meta-parameters,
 *     {@code c0} included; a longer gradient is scaled down to this norm
 * @param validateEvery the episodes between validations; each validation also writes the checkpoint
 * @param logEvery the episodes between progress lines, whose loss and accuracy are the means since the last line
 * @param seed the seed of the meta-parameters' initialisation; tasks come from their own seeded source
 */
public record MetaTrainingConfig(long episodes, double learningRate, double clipNorm, long validateEvery, long logEvery, long seed) {

    /** Adam's learning rate of Ravi and Larochelle. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The gradient-norm clipping of Ravi and Larochelle. */
    public static final double DEFAULT_CLIP_NORM = 0.25;

    /** Checks the values. */
    public MetaTrainingConfig {
        if (episodes < 0 || validateEvery < 1 || logEvery < 1) {
            throw new IllegalArgumentException("MetaTrainingConfig: episodes must be at least 0, validate-every and log-every at least 1; got "
                    + episodes + ", " + validateEvery + " and " + logEvery);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate) || !(clipNorm > 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("MetaTrainingConfig: the learning rate and the clipping norm must be positive numbers, got "
                    + learningRate + " and " + clipNorm);
        }
    }

    /** Returns this configuration with another number of episodes, for a resumed run that goes further. */
    public MetaTrainingConfig withEpisodes(long newEpisodes) {
        return new MetaTrainingConfig(newEpisodes, learningRate, clipNorm, validateEvery, logEvery, seed);
    }

    /** Returns the configuration as a JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("episodes", episodes);
        json.put("learning_rate", learningRate);
        json.put("clip_norm", clipNorm);
        json.put("validate_every", validateEvery);
        json.put("log_every", logEvery);
        json.put("seed", seed);
        return json;
    }

    /**
     * Reads a configuration written by {@link #toJson()}.
     *
     * @throws CheckpointException naming the file and the field that is missing or invalid
     */
    public static MetaTrainingConfig fromJson(Path file, Map<?, ?> json) throws CheckpointException {
        try {
            return new MetaTrainingConfig(whole(file, json, "episodes"), number(file, json, "learning_rate"), number(file, json, "clip_norm"),
                    whole(file, json, "validate_every"), whole(file, json, "log_every"), whole(file, json, "seed"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "invalid training configuration: " + e.getMessage(), e);
        }
    }

    private static double number(Path file, Map<?, ?> json, String key) throws CheckpointException {
        Object value = json.get(key);
        if (!(value instanceof Number)) {
            throw new CheckpointException(file, "training field '" + key + "' must be a number, found " + value);
        }
        return ((Number) value).doubleValue();
    }

    private static long whole(Path file, Map<?, ?> json, String key) throws CheckpointException {
        Object value = json.get(key);
        if (!(value instanceof Long)) {
            throw new CheckpointException(file, "training field '" + key + "' must be a whole number, found " + value);
        }
        return (Long) value;
    }
}
