package l2l.metalearner.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.tensor.Tensor;

class ParameterLayoutTest {

    private final ParameterLayout layout = ParameterLayout.builder().add("weight", 3, 4).add("bias", 3).build();

    @Test
    void blocksFollowEachOther() {
        assertThat(layout.size()).isEqualTo(15);
        assertThat(layout.block("weight").offset()).isZero();
        assertThat(layout.block("bias").offset()).isEqualTo(12);
        assertThat(layout.blocks()).extracting(ParameterBlock::name).containsExactly("weight", "bias");
    }

    @Test
    void viewCutsAndReshapes() {
        Tensor flat = Tensor.of(range(15), 15);

        assertThat(layout.view(flat, "weight").shape()).containsExactly(3, 4);
        assertThat(layout.view(flat, "weight").get(2, 3)).isEqualTo(11.0);
        assertThat(layout.view(flat, "bias")).isEqualTo(Tensor.vector(12, 13, 14));
    }

    @Test
    void variableViewIsDifferentiable() {
        Variable flat = Variable.parameter(Tensor.of(range(15), 15));
        Variable loss = layout.view(flat, "bias").square().sum();

        Tensor gradient = Gradients.of(loss, List.of(flat), false).get(0).value();

        double[] expected = new double[15];
        expected[12] = 24;
        expected[13] = 26;
        expected[14] = 28;
        assertThat(gradient).isEqualTo(Tensor.of(expected, 15));
    }

    @Test
    void splitThenJoinRoundTrips() {
        Tensor flat = Tensor.of(range(15), 15);
        Map<String, Tensor> parts = layout.split(flat);

        assertThat(parts.keySet()).containsExactly("weight", "bias");
        assertThat(layout.join(parts)).isEqualTo(flat);
    }

    @Test
    void joinRejectsWrongShape() {
        assertThatThrownBy(() -> layout.join(Map.of("weight", Tensor.zeros(4, 3), "bias", Tensor.zeros(3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("join: block 'weight' has shape [4, 3], expected [3, 4]");
    }

    @Test
    void viewRejectsWrongFlatShape() {
        assertThatThrownBy(() -> layout.view(Tensor.zeros(14), "bias"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Flat parameters have shape [14] but the layout needs [15]");
    }

    @Test
    void unknownBlockNamed() {
        assertThatThrownBy(() -> layout.block("gamma"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No parameter block named 'gamma'; the layout has [weight, bias]");
    }

    @Test
    void builderRejectsDuplicatesAndEmptyDimensions() {
        assertThatThrownBy(() -> ParameterLayout.builder().add("w", 2).add("w", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Parameter block 'w' is added twice");
        assertThatThrownBy(() -> ParameterLayout.builder().add("w", 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every dimension must be positive");
    }

    private static double[] range(int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }
}
