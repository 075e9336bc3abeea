package l2l.metalearner.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.tensor.Tensor;
import l2l.tensor.io.SafeTensors;

class CheckpointsTest {

    @TempDir
    Path folder;

    private static Checkpoint sample() {
        return new Checkpoint("test.model",
                Map.of("hidden", 4, "scale", 0.1, "preprocess", true, "family", "quadratic"),
                Map.of("seed", 7, "steps", List.of(20, 100)),
                Map.of("w", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), "b", Tensor.vector(-1.5)));
    }

    @Test
    void emptyPathRejected() {
        assertThatThrownBy(() -> Checkpoints.read(Path.of(""), "l2l.test"))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint : the path is empty; give the checkpoint file, such as runs/first/best.safetensors");
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        Path file = folder.resolve("model.safetensors");
        Checkpoints.write(file, sample());

        Checkpoint read = Checkpoints.read(file, "test.model");

        assertThat(read.kind()).isEqualTo("test.model");
        assertThat(read.integer(file, "hidden")).isEqualTo(4);
        assertThat(read.number(file, "scale")).isEqualTo(0.1);
        assertThat(read.flag(file, "preprocess")).isTrue();
        assertThat(read.string(file, "family")).isEqualTo("quadratic");
        assertThat(read.provenance()).containsEntry("seed", 7L).containsEntry("steps", List.of(20L, 100L));
        assertThat(read.tensor(file, "w", 2, 3)).isEqualTo(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertThat(read.tensor(file, "b", 1)).isEqualTo(Tensor.vector(-1.5));
    }

    @Test
    void missingFileNamed() {
        Path file = folder.resolve("absent.safetensors");

        assertThatThrownBy(() -> Checkpoints.read(file, "test.model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint " + file + ": file not found; check the path, or train a model first to create it");
    }

    @Test
    void folderRejected() {
        assertThatThrownBy(() -> Checkpoints.read(folder, "test.model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("is a folder, not a checkpoint file; give the file in it, such as "
                        + folder.resolve("best.safetensors"));
    }

    @Test
    void corruptFileRejected() throws IOException {
        Path file = folder.resolve("model.safetensors");
        Checkpoints.write(file, sample());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));

        assertThatThrownBy(() -> Checkpoints.read(file, "test.model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("Checkpoint " + file + ": not a valid safetensors file")
                .hasMessageEndingWith("The file is damaged or of another format; use another checkpoint of the run, or train again");
    }

    @Test
    void textFileRejected() throws IOException {
        Path file = folder.resolve("notes.txt");
        Files.writeString(file, "these are not weights at all, just some notes", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Checkpoints.read(file, "test.model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("Checkpoint " + file + ": not a valid safetensors file: the header length field is ")
                .satisfies(e -> assertThat(e.getMessage().split(Pattern.quote(file.toString()), -1)).hasSize(2));
    }

    @Test
    void foreignSafetensorsRejected() throws IOException {
        Path file = folder.resolve("pytorch.safetensors");
        SafeTensors.write(file, Map.of("weight", Tensor.zeros(2)), Map.of("format", "pt"));

        assertThatThrownBy(() -> Checkpoints.read(file, "test.model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not an l2l checkpoint: metadata field 'format' is 'pt', expected 'l2l-checkpoint'");
    }

    @Test
    void otherKindRejected() throws IOException {
        Path file = folder.resolve("model.safetensors");
        Checkpoints.write(file, sample());

        assertThatThrownBy(() -> Checkpoints.read(file, "metalstm"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageEndingWith(": holds a model of kind 'test.model', expected 'metalstm'; give a checkpoint of kind 'metalstm'");
    }

    @Test
    void newerVersionRejected() throws IOException {
        Path file = folder.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.zeros(1)), Map.of("format", "l2l-checkpoint", "format_version", "2",
                "kind", "test.model", "config", "{}", "provenance", "{}"));

        assertThatThrownBy(() -> Checkpoints.read(file, "test.model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("format version 2 is newer than this l2l reads (1)");
    }

    @Test
    void invalidConfigJsonRejected() throws IOException {
        Path file = folder.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.zeros(1)), Map.of("format", "l2l-checkpoint", "format_version", "1",
                "kind", "test.model", "config", "{\"hidden\": ", "provenance", "{}"));

        assertThatThrownBy(() -> Checkpoints.read(file, "test.model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("metadata field 'config' is not valid JSON");
    }

    @Test
    void wrongArchitectureNamesShapes() throws Exception {
        Path file = folder.resolve("model.safetensors");
        Checkpoints.write(file, sample());
        Checkpoint read = Checkpoints.read(file, "test.model");

        assertThatThrownBy(() -> read.tensor(file, "w", 3, 2))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'w' has shape [2, 3] but the configuration needs [3, 2]");
        assertThatThrownBy(() -> read.tensor(file, "missing", 1))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("missing tensor 'missing'");
        assertThatThrownBy(() -> read.integer(file, "scale"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'scale' must be a whole number, found 0.1");
        assertThatThrownBy(() -> read.string(file, "hidden"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'hidden' must be a string, found '4'");
    }

    @Test
    void overwriteIsAtomic() throws Exception {
        Path file = folder.resolve("model.safetensors");
        Checkpoints.write(file, sample());
        Checkpoints.write(file, sample());

        try (var entries = Files.list(folder)) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("model.safetensors");
        }
    }
}
