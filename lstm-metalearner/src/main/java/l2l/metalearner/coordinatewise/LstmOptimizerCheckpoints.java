package l2l.metalearner.coordinatewise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import l2l.metalearner.checkpoint.Checkpoint;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.checkpoint.Checkpoints;
import l2l.tensor.Tensor;

/**
 * Saves and loads LSTM optimizers as {@link Checkpoints} of kind {@value #KIND}.
 *
 * <p>The configuration object has the fields {@code layers} (always 2), {@code hidden},
 * {@code input_size}, {@code preprocessing}, {@code p} and {@code output_scale}. The tensors carry
 * the names of {@link LstmOptimizerWeights}, which are those of PyTorch's {@code nn.LSTMCell} and
 * {@code nn.Linear}, so in PyTorch {@code cell.weight_ih.copy_(tensors["lstm0.weight_ih"])} loads
 * the first cell. The provenance object is free-form; meta-training writes the seed, the problem
 * family, the unroll, the horizon, the meta-iterations, the best validation loss and the l2l
 * version.
 */
public final class LstmOptimizerCheckpoints {

    /** The checkpoint kind. */
    public static final String KIND = "l2l.lstm-optimizer";

    private static final String OTHER_KIND_ADVICE = "give an LSTM optimizer written by 'l2l train', such as "
            + MetaTrainer.BEST_CHECKPOINT + " or " + MetaTrainer.LAST_CHECKPOINT + " in its run folder";

    private LstmOptimizerCheckpoints() {
    }

    /**
     * A loaded optimizer.
     *
     * @param weights the weights, with their configuration
     * @param provenance how the optimizer was made
     */
    public record Saved(LstmOptimizerWeights weights, Map<String, Object> provenance) {
    }

    /**
     * Writes {@code weights} and {@code provenance} to {@code file} atomically.
     *
     * @throws IOException if the folder does not exist or the file cannot be written
     */
    public static void write(Path file, LstmOptimizerWeights weights, Map<String, Object> provenance) throws IOException {
        LstmOptimizerConfig config = weights.config();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("layers", LstmOptimizerConfig.LAYERS);
        fields.put("hidden", config.hiddenSize());
        fields.put("input_size", config.inputSize());
        fields.put("preprocessing", config.preprocessing());
        fields.put("p", config.p());
        fields.put("output_scale", config.outputScale());
        Checkpoints.write(file, new Checkpoint(KIND, fields, provenance, weights.tensors()));
    }

    /**
     * Reads the optimizer in {@code file}.
     *
     * @throws CheckpointException if the file is missing, corrupt or foreign, holds another kind of
     *     model, or holds weights of another architecture than its configuration states
     */
    public static Saved read(Path file) throws CheckpointException {
        Checkpoint checkpoint = Checkpoints.read(file, KIND, OTHER_KIND_ADVICE);
        int layers = checkpoint.integer(file, "layers");
        if (layers != LstmOptimizerConfig.LAYERS) {
            throw new CheckpointException(file, "the optimizer has " + layers + " LSTM layers; this l2l reads optimizers of "
                    + LstmOptimizerConfig.LAYERS);
        }
        LstmOptimizerConfig config;
        try {
            config = new LstmOptimizerConfig(checkpoint.integer(file, "hidden"), checkpoint.flag(file, "preprocessing"),
                    checkpoint.number(file, "p"), checkpoint.number(file, "output_scale"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "invalid configuration: " + e.getMessage() + Checkpoints.DAMAGED_METADATA, e);
        }
        int inputSize = checkpoint.integer(file, "input_size");
        if (inputSize != config.inputSize()) {
            throw new CheckpointException(file, "configuration field 'input_size' is " + inputSize + " but preprocessing "
                    + (config.preprocessing() ? "on" : "off") + " needs " + config.inputSize());
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : LstmOptimizerWeights.names()) {
            tensors.put(name, checkpoint.tensor(file, name, LstmOptimizerWeights.shape(config, name)));
        }
        if (checkpoint.tensors().size() != tensors.size()) {
            throw new CheckpointException(file, "holds the tensors " + checkpoint.tensors().keySet() + " but an LSTM optimizer has exactly "
                    + LstmOptimizerWeights.names() + Checkpoints.MISMATCHED_TENSORS);
        }
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            if (!entry.getValue().isFinite()) {
                throw new CheckpointException(file, "tensor '" + entry.getKey() + "' contains a NaN or infinite value. The file is damaged, "
                        + "or the program that wrote it saved the weights of a diverged run, which 'l2l train' never does; use another "
                        + "checkpoint, such as " + MetaTrainer.BEST_CHECKPOINT + " of the run, or train again");
            }
        }
        try {
            return new Saved(LstmOptimizerWeights.of(config, tensors), checkpoint.provenance());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
    }
}
