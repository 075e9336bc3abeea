package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;

class EpisodeTest {

    private static final List<String> NAMES = List.of("a", "b");

    private static Episode episode(int[] supportLabels, Tensor query, int[] queryLabels) {
        return new Episode(0, Tensor.zeros(2, 1, 3, 3), supportLabels, query, queryLabels, 2, 1, 1, NAMES);
    }

    @Test
    void labelArraysAreCopied() {
        int[] labels = {1, 0};
        Episode episode = episode(labels, Tensor.zeros(2, 1, 3, 3), new int[] {0, 1});

        labels[0] = 0;
        episode.supportLabels()[1] = 7;

        assertThat(episode.supportLabels()).containsExactly(1, 0);
    }

    @Test
    void equalEpisodesCompareEqual() {
        Episode first = episode(new int[] {1, 0}, Tensor.zeros(2, 1, 3, 3), new int[] {0, 1});
        Episode second = episode(new int[] {1, 0}, Tensor.zeros(2, 1, 3, 3), new int[] {0, 1});
        Episode other = episode(new int[] {0, 1}, Tensor.zeros(2, 1, 3, 3), new int[] {0, 1});

        assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first.toString()).isEqualTo("Episode 0 (2-way 1-shot, 1 query, classes [a, b])");
    }

    @Test
    void labelOutsideWaysIsRejected() {
        assertThatThrownBy(() -> episode(new int[] {0, 2}, Tensor.zeros(2, 1, 3, 3), new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Episode: support label 2 is outside [0, 2)");
    }

    @Test
    void unbalancedLabelsAreRejected() {
        assertThatThrownBy(() -> episode(new int[] {0, 1}, Tensor.zeros(2, 1, 3, 3), new int[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Episode: query label 0 occurs 0 times, expected 1");
    }

    @Test
    void wrongRowCountIsRejected() {
        assertThatThrownBy(() -> episode(new int[] {0, 1}, Tensor.zeros(3, 1, 3, 3), new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Episode: query images have shape [3, 1, 3, 3], expected [2, C, H, W]");
    }

    @Test
    void differentImageShapesAreRejected() {
        assertThatThrownBy(() -> episode(new int[] {0, 1}, Tensor.zeros(2, 1, 4, 4), new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Episode: support images [2, 1, 3, 3] and query images [2, 1, 4, 4] differ in [C, H, W]");
    }
}
