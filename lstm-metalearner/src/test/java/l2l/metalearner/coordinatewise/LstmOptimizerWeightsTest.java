package l2l.metalearner.coordinatewise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.metalearner.checkpoint.Checkpoint;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.checkpoint.Checkpoints;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class LstmOptimizerWeightsTest {

    @TempDir
    Path folder;

    @Test
    void defaultShapesMatchPytorch() {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(0));

        assertThat(weights.tensor("lstm0.weight_ih").shape()).containsExactly(80, 2);
        assertThat(weights.tensor("lstm0.weight_hh").shape()).containsExactly(80, 20);
        assertThat(weights.tensor("lstm1.weight_ih").shape()).containsExactly(80, 20);
        assertThat(weights.tensor("lstm1.bias_hh").shape()).containsExactly(80);
        assertThat(weights.tensor("out.weight").shape()).containsExactly(1, 20);
        assertThat(weights.tensor("out.bias").shape()).containsExactly(1);
        assertThat(LstmOptimizerWeights.count(LstmOptimizerConfig.DEFAULT)).isEqualTo(5301);
    }

    @Test
    void initialisationIsUniformWithinPytorchBound() {
        Tensor flat = LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(0)).flatten();
        double bound = 1 / Math.sqrt(20);

        assertThat(flat.abs().max(0, false).item()).isLessThan(bound).isGreaterThan(0.99 * bound);
        assertThat(flat.mean().item()).isBetween(-0.01, 0.01);
        assertThat(LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(0)).flatten()).isEqualTo(flat);
    }

    @Test
    void flattenAndFromFlatRoundTrip() {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(5));

        LstmOptimizerWeights copy = LstmOptimizerWeights.fromFlat(LstmOptimizerConfig.DEFAULT, weights.flatten());

        assertThat(copy).isEqualTo(weights);
        assertThat(weights.flatten().getFlat(0)).isEqualTo(weights.tensor("lstm0.weight_ih").getFlat(0));
        assertThat(weights.flatten().getFlat(5300)).isEqualTo(weights.tensor("out.bias").item());
    }

    @Test
    void checkpointRoundTrip() throws Exception {
        LstmOptimizerConfig config = new LstmOptimizerConfig(7, false, 4, 0.5);
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(config, new TensorRandom(9));
        Path file = folder.resolve("opt.safetensors");

        LstmOptimizerCheckpoints.write(file, weights, Map.of("seed", 3, "problem_family", Map.of("name", "quadratic")));
        LstmOptimizerCheckpoints.Saved saved = LstmOptimizerCheckpoints.read(file);

        assertThat(saved.weights()).isEqualTo(weights);
        assertThat(saved.weights().config()).isEqualTo(config);
        assertThat(saved.provenance()).containsEntry("seed", 3L).containsEntry("problem_family", Map.of("name", "quadratic"));
        Checkpoint raw = Checkpoints.read(file, LstmOptimizerCheckpoints.KIND);
        assertThat(raw.config()).containsEntry("layers", 2L).containsEntry("hidden", 7L).containsEntry("input_size", 1L)
                .containsEntry("preprocessing", false).containsEntry("output_scale", 0.5);
        assertThat(raw.tensors().keySet()).containsExactlyInAnyOrderElementsOf(LstmOptimizerWeights.names());
    }

    @Test
    void wrongArchitectureRejected() throws IOException {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(9));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("layers", 2);
        config.put("hidden", 16);
        config.put("input_size", 2);
        config.put("preprocessing", true);
        config.put("p", 10.0);
        config.put("output_scale", 0.1);
        Path file = folder.resolve("mismatch.safetensors");
        Checkpoints.write(file, new Checkpoint(LstmOptimizerCheckpoints.KIND, config, Map.of(), weights.tensors()));

        assertThatThrownBy(() -> LstmOptimizerCheckpoints.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint " + file + ": tensor 'lstm0.weight_ih' has shape [80, 2] but the configuration needs [64, 2]; "
                        + "l2l writes the configuration and the tensors together, so the file was edited or damaged, or another "
                        + "program wrote it. Use the original file or another checkpoint of the run, or train again");
    }

    @Test
    void nonFiniteCheckpointRejected() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(
                LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(9)).tensors());
        double[] notANumber = new double[80];
        Arrays.fill(notANumber, Double.NaN);
        tensors.put("lstm0.bias_hh", Tensor.vector(notANumber));
        Map<String, Object> config = Map.of("layers", 2, "hidden", 20, "input_size", 2, "preprocessing", true, "p", 10.0,
                "output_scale", 0.1);
        Path file = folder.resolve("diverged.safetensors");
        Checkpoints.write(file, new Checkpoint(LstmOptimizerCheckpoints.KIND, config, Map.of(), tensors));

        assertThatThrownBy(() -> LstmOptimizerCheckpoints.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint " + file + ": tensor 'lstm0.bias_hh' contains a NaN or infinite value. The file is damaged, or the "
                        + "program that wrote it saved the weights of a diverged run, which 'l2l train' never does; use another "
                        + "checkpoint, such as best.safetensors of the run, or train again");
    }

    @Test
    void otherKindRejected() throws IOException {
        Path file = folder.resolve("other.safetensors");
        Checkpoints.write(file, new Checkpoint("l2l.meta-lstm", Map.of(), Map.of(), Map.of("w", Tensor.vector(1))));

        assertThatThrownBy(() -> LstmOptimizerCheckpoints.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint " + file + ": holds a model of kind 'l2l.meta-lstm', expected 'l2l.lstm-optimizer'; give an LSTM "
                        + "optimizer written by 'l2l train', such as best.safetensors or last.safetensors in its run folder");
    }

    @Test
    void threeLayersRejected() throws IOException {
        LstmOptimizerWeights weights = LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(9));
        Path file = folder.resolve("deep.safetensors");
        Checkpoints.write(file, new Checkpoint(LstmOptimizerCheckpoints.KIND,
                Map.of("layers", 3, "hidden", 20, "input_size", 2, "preprocessing", true, "p", 10.0, "output_scale", 0.1), Map.of(),
                weights.tensors()));

        assertThatThrownBy(() -> LstmOptimizerCheckpoints.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint " + file + ": the optimizer has 3 LSTM layers; this l2l reads optimizers of 2");
    }

    @Test
    void invalidWeightsRejected() {
        Map<String, Tensor> tensors = new LinkedHashMap<>(
                LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(1)).tensors());
        tensors.put("out.bias", Tensor.vector(Double.NaN));

        assertThatThrownBy(() -> LstmOptimizerWeights.of(LstmOptimizerConfig.DEFAULT, tensors))
                .hasMessage("LSTM optimizer weights: 'out.bias' holds a NaN or infinite value");
        tensors.remove("out.bias");
        assertThatThrownBy(() -> LstmOptimizerWeights.of(LstmOptimizerConfig.DEFAULT, tensors))
                .hasMessageStartingWith("LSTM optimizer weights: missing 'out.bias'");
        assertThatThrownBy(() -> new LstmOptimizerConfig(0, true, 10, 0.1))
                .hasMessage("LSTM optimizer: hidden size must be at least 1, got 0");
    }
}
