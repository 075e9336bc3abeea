package l2l.metalearner.coordinatewise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.optim.Adam;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Runs the example of the library guide, docs/library-use.md, and checks that the guide shows
 * this example's code and output, so neither can drift from the other.
 */
class LeastSquaresExampleTest {

    private static final Path ROOT = Path.of(System.getProperty("l2l.root", ".."));
    private static final Path GUIDE = ROOT.resolve("docs/library-use.md");
    private static final Path EXAMPLE = ROOT.resolve(
            "lstm-metalearner/src/test/java/l2l/metalearner/coordinatewise/LeastSquaresExample.java");
    private static final Path CHECKPOINT = ROOT.resolve("docs/results/quadratic.safetensors");

    @Test
    void learnedOptimizerBeatsAdamOnExample() throws CheckpointException {
        TensorRandom random = new TensorRandom(42);
        Tensor inputs = random.normal(0, 1, 10, 10);
        Tensor targets = random.normal(0, 1, 10, 1);
        Tensor start = random.normal(0, 1, 10);
        LearnedOptimizer learned = new LearnedOptimizer(LstmOptimizerCheckpoints.read(CHECKPOINT).weights());

        double[] lstm = LeastSquaresExample.fit(learned, inputs, targets, start, 100);
        double[] adam = LeastSquaresExample.fit(new Adam(0.1), inputs, targets, start, 100);

        assertThat(lstm).hasSize(101);
        assertThat(lstm[0]).isEqualTo(adam[0]);
        assertThat(lstm[100]).isLessThan(1e-3 * lstm[0]);
        assertThat(lstm[20]).isLessThan(adam[20]);
        assertThat(lstm[100]).isLessThan(adam[100]);
    }

    @Test
    void fitReturnsExactLossOfStart() {
        Tensor inputs = Tensor.matrix(new double[][] {{1, 0}, {0, 2}});
        Tensor targets = Tensor.of(new double[] {1, 1}, 2, 1);

        double[] losses = LeastSquaresExample.fit(new Adam(0.1), inputs, targets, Tensor.vector(3, 1), 0);

        // ||[3, 2] - [1, 1]||^2 = 4 + 1
        assertThat(losses).containsExactly(5.0);
    }

    @Test
    void guideShowsExampleCode() throws IOException {
        String example = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        String withoutPackage = example.substring(example.indexOf('\n') + 1).stripLeading();

        assertThat(codeBlock(Files.readString(GUIDE, StandardCharsets.UTF_8), "java")).isEqualTo(withoutPackage);
    }

    @Test
    void guideShowsExampleOutput() throws IOException, CheckpointException {
        List<String> lines = LeastSquaresExample.compare(CHECKPOINT);

        assertThat(lines).hasSize(3);
        assertThat(codeBlock(Files.readString(GUIDE, StandardCharsets.UTF_8), "text")).isEqualTo(String.join("\n", lines) + "\n");
    }

    /** Returns the first fenced code block of {@code language} in {@code markdown}, without its fences. */
    private static String codeBlock(String markdown, String language) {
        String fence = "```" + language + "\n";
        int start = markdown.indexOf(fence);
        assertThat(start).as("a ```" + language + " block in " + GUIDE).isNotNegative();
        int end = markdown.indexOf("\n```", start + fence.length());
        return markdown.substring(start + fence.length(), end + 1);
    }
}
