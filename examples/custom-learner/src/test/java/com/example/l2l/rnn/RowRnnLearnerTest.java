package com.example.l2l.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.Variable;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerProviders;
import l2l.metalearner.problem.LearnerSpec;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class RowRnnLearnerTest {

    @Test
    void serviceLoaderFindsProvider() {
        LearnerProvider provider = LearnerProviders.load().find(RowRnnLearner.NAME);

        assertThat(provider).isInstanceOf(RowRnnProvider.class);
        assertThat(provider.getClass().getModule().getName()).isEqualTo("com.example.l2l.rnn");
    }

    @Test
    void logitsFollowRecurrence() {
        int hidden = 3;
        int rows = 2;
        int width = 2;
        int classes = 2;
        RowRnnLearner learner = new RowRnnLearner(new int[] {1, rows, width}, classes, hidden);
        TensorRandom random = new TensorRandom(3);
        Tensor parameters = learner.initialParameters(random);
        Tensor image = random.normal(0, 1, 1, 1, rows, width);

        double[] logits = learner.logits(Variable.constant(parameters), image).value().toArray();

        Map<String, Tensor> weights = learner.layout().split(parameters);
        double[] state = new double[hidden];
        for (int row = 0; row < rows; row++) {
            double[] next = new double[hidden];
            for (int unit = 0; unit < hidden; unit++) {
                double sum = weights.get("input.bias").get(unit);
                for (int column = 0; column < width; column++) {
                    sum += weights.get("input.weight").get(unit, column) * image.get(0, 0, row, column);
                }
                for (int other = 0; other < hidden; other++) {
                    sum += weights.get("recurrent.weight").get(unit, other) * state[other];
                }
                next[unit] = Math.tanh(sum);
            }
            state = next;
        }
        for (int label = 0; label < classes; label++) {
            double expected = weights.get("output.bias").get(label);
            for (int unit = 0; unit < hidden; unit++) {
                expected += weights.get("output.weight").get(label, unit) * state[unit];
            }
            assertThat(logits[label]).as("logit %d", label).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void layoutHasDocumentedOrder() {
        RowRnnLearner learner = new RowRnnLearner(new int[] {1, 28, 28}, 10, 16);

        assertThat(learner.layout().blocks()).extracting(block -> block.name())
                .containsExactly("input.weight", "input.bias", "recurrent.weight", "output.weight", "output.bias");
        assertThat(learner.parameterCount()).isEqualTo(16 * 28 + 16 + 16 * 16 + 10 * 16 + 10);
    }

    @Test
    void multiChannelImagesRejected() {
        assertThatThrownBy(() -> new RowRnnProvider().create(new LearnerSpec(new int[] {3, 8, 8}, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row-rnn: expected one-channel images [1, H, W] or [H, W], got [3, 8, 8]");
    }

    @Test
    void wrongInputShapeRejected() {
        RowRnnLearner learner = new RowRnnLearner(new int[] {1, 8, 8}, 5, 4);
        Variable parameters = Variable.constant(learner.initialParameters(new TensorRandom(1)));

        assertThatThrownBy(() -> learner.logits(parameters, Tensor.zeros(2, 64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row-rnn: expected inputs [B, 1, 8, 8], got [2, 64]");
    }

    @Test
    void unknownOptionRejected() {
        assertThatThrownBy(() -> new RowRnnProvider().create(new LearnerSpec(new int[] {1, 8, 8}, 5, Map.of("width", "3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown option 'width' of learner row-rnn; it takes [hidden]");
    }
}
