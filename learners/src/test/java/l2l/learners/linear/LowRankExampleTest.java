package l2l.learners.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.GradientCheck;
import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.optim.Sgd;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerSpec;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Checks the custom learner of the guide page docs/custom-learner.md, and that the page shows
 * exactly this code, so the page cannot drift from code that compiles and works.
 */
class LowRankExampleTest {

    private static final Path ROOT = Path.of(System.getProperty("l2l.root", ".."));
    private static final Path GUIDE = ROOT.resolve("docs/custom-learner.md");
    private static final Path SOURCES = ROOT.resolve("learners/src/test/java/l2l/learners/linear");
    private static final String GUIDE_PACKAGE = "package com.example.lowrank;";

    private final Learner learner = new LowRankProvider().create(new LearnerSpec(new int[] {1, 6, 6}, 3, Map.of("rank", "2")));

    @Test
    void parameterCountFollowsLayout() {
        // U [2, 36], V [3, 2], bias [3]
        assertThat(learner.parameterCount()).isEqualTo(2 * 36 + 3 * 2 + 3);
        assertThat(learner.layout().block("bias").offset()).isEqualTo(2 * 36 + 3 * 2);
        assertThat(learner.initialParameters(new TensorRandom(1)).shape()).containsExactly(81);
    }

    @Test
    void initialBiasIsZero() {
        Tensor parameters = learner.initialParameters(new TensorRandom(1));

        assertThat(learner.layout().view(parameters, "bias").toArray()).containsExactly(0, 0, 0);
        for (double value : learner.layout().view(parameters, "u").toArray()) {
            assertThat(Math.abs(value)).isLessThanOrEqualTo(1 / Math.sqrt(36));
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        TensorRandom random = new TensorRandom(2);
        Tensor inputs = random.normal(0, 1, 4, 1, 6, 6);
        int[] labels = {0, 2, 1, 2};

        GradientCheck.verify(variables -> learner.loss(variables.get(0), inputs, labels), learner.initialParameters(random));
    }

    @Test
    void wrongInputShapeIsRejected() {
        Variable parameters = Variable.constant(learner.initialParameters(new TensorRandom(1)));

        assertThatThrownBy(() -> learner.logits(parameters, Tensor.zeros(4, 36)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lowrank: expected inputs [B, 1, 6, 6], got [4, 36]");
    }

    @Test
    void unknownOptionIsRejected() {
        LearnerSpec spec = new LearnerSpec(new int[] {1, 6, 6}, 3, Map.of("width", "8"));

        assertThatThrownBy(() -> new LowRankProvider().create(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Learner lowrank has no option 'width'; its only option is rank");
    }

    @Test
    void sgdLowersLossOnFixedBatch() {
        TensorRandom random = new TensorRandom(3);
        Tensor inputs = random.normal(0, 1, 8, 1, 6, 6);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        Tensor parameters = learner.initialParameters(random);
        Optimizer sgd = new Sgd(0.5);
        sgd.reset(learner.parameterCount());
        double first = learner.loss(Variable.constant(parameters), inputs, labels).value().item();

        for (int step = 0; step < 50; step++) {
            Variable variable = Variable.parameter(parameters);
            Tensor gradient = Gradients.of(learner.loss(variable, inputs, labels), List.of(variable), false).get(0).value();
            parameters = sgd.step(parameters, gradient);
        }

        double last = learner.loss(Variable.constant(parameters), inputs, labels).value().item();
        assertThat(last).isLessThan(0.5 * first);
    }

    @Test
    void guideShowsLearnerCode() throws IOException {
        assertThat(codeBlock(1)).isEqualTo(asInGuide("LowRankLearner.java"));
    }

    @Test
    void guideShowsProviderCode() throws IOException {
        assertThat(codeBlock(2)).isEqualTo(asInGuide("LowRankProvider.java"));
    }

    /** Returns the source file with the guide's package line in place of its own. */
    private static String asInGuide(String file) throws IOException {
        String source = Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
        return GUIDE_PACKAGE + source.substring(source.indexOf('\n'));
    }

    /** Returns the {@code index}-th fenced java block of the guide, counting from 1, without its fences. */
    private static String codeBlock(int index) throws IOException {
        String markdown = Files.readString(GUIDE, StandardCharsets.UTF_8);
        String fence = "```java\n";
        int start = -1;
        for (int found = 0; found < index; found++) {
            start = markdown.indexOf(fence, start + 1);
            assertThat(start).as("java block " + index + " of " + GUIDE).isNotNegative();
        }
        int end = markdown.indexOf("\n```", start + fence.length());
        return markdown.substring(start + fence.length(), end + 1);
    }
}
