package l2l.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

class LstmTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-11);

    private final TensorRandom random = new TensorRandom(71);

    private Tensor[] cellInputs(int n, int input, int hidden) {
        return new Tensor[] {
            random.normal(0, 1, n, input), random.normal(0, 1, n, hidden), random.normal(0, 1, n, hidden),
            random.normal(0, 0.5, 4 * hidden, input), random.normal(0, 0.5, 4 * hidden, hidden),
            random.normal(0, 0.5, 4 * hidden), random.normal(0, 0.5, 4 * hidden)};
    }

    private static Lstm.State fused(List<Variable> v) {
        return Lstm.cell(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6));
    }

    private static Lstm.State composed(List<Variable> v) {
        return Lstm.composedCell(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6));
    }

    private static List<Variable> parameters(Tensor[] values) {
        Variable[] variables = new Variable[values.length];
        for (int k = 0; k < values.length; k++) {
            variables[k] = Variable.parameter(values[k]);
        }
        return List.of(variables);
    }

    @Test
    void fusedCellGradientsMatchFiniteDifferences() {
        Tensor[] inputs = cellInputs(5, 3, 4);

        GradientCheck.verify(v -> fused(v).h(), inputs);
        GradientCheck.verify(v -> fused(v).c(), inputs);
        GradientCheck.verify(v -> {
            Lstm.State state = fused(v);
            return state.h().square().sum().add(state.c().mul(state.h()).sum());
        }, inputs);
    }

    @Test
    void fusedAndComposedCellsAgree() {
        Tensor[] inputs = cellInputs(13, 2, 20);
        Tensor seedH = random.normal(0, 1, 13, 20);
        Tensor seedC = random.normal(0, 1, 13, 20);
        List<Variable> fusedParameters = parameters(inputs);
        List<Variable> composedParameters = parameters(inputs);

        Lstm.State fusedState = fused(fusedParameters);
        Lstm.State composedState = composed(composedParameters);
        List<Variable> fusedGradients = Gradients.of(fusedState.h().mul(Variable.constant(seedH)).sum()
                .add(fusedState.c().mul(Variable.constant(seedC)).sum()), fusedParameters, false);
        List<Variable> composedGradients = Gradients.of(composedState.h().mul(Variable.constant(seedH)).sum()
                .add(composedState.c().mul(Variable.constant(seedC)).sum()), composedParameters, false);

        assertThat(TIGHT.mismatch(fusedState.h().value(), composedState.h().value())).isEmpty();
        assertThat(TIGHT.mismatch(fusedState.c().value(), composedState.c().value())).isEmpty();
        for (int k = 0; k < inputs.length; k++) {
            assertThat(TIGHT.mismatch(fusedGradients.get(k).value(), composedGradients.get(k).value())).as("gradient of input %d", k).isEmpty();
        }
    }

    @Test
    void unusedOutputGetsZeroGradient() {
        Tensor[] inputs = cellInputs(4, 2, 3);
        List<Variable> fusedParameters = parameters(inputs);
        List<Variable> composedParameters = parameters(inputs);

        List<Variable> fusedGradients = Gradients.of(fused(fusedParameters).c().sum(), fusedParameters, false);
        List<Variable> composedGradients = Gradients.of(composed(composedParameters).c().sum(), composedParameters, false);

        for (int k = 0; k < inputs.length; k++) {
            assertThat(TIGHT.mismatch(fusedGradients.get(k).value(), composedGradients.get(k).value())).isEmpty();
        }
    }

    @Test
    void sharedBiasVariableGetsBothShares() {
        Tensor[] inputs = cellInputs(3, 2, 2);
        Variable bias = Variable.parameter(inputs[5]);
        Variable[] others = new Variable[5];
        for (int k = 0; k < 5; k++) {
            others[k] = Variable.constant(inputs[k]);
        }

        Lstm.State state = Lstm.cell(others[0], others[1], others[2], others[3], others[4], bias, bias);
        Tensor fusedGradient = Gradients.of(state.h().sum(), List.of(bias), false).get(0).value();
        Variable createdGraphGradient = Gradients.of(state.h().sum(), List.of(bias), true).get(0);

        Variable separate = Variable.parameter(inputs[5]);
        Lstm.State reference = Lstm.composedCell(others[0], others[1], others[2], others[3], others[4], separate, Variable.constant(inputs[5]));
        Tensor oneShare = Gradients.of(reference.h().sum(), List.of(separate), false).get(0).value();
        assertThat(TIGHT.mismatch(fusedGradient, oneShare.mul(2))).isEmpty();
        assertThat(TIGHT.mismatch(createdGraphGradient.value(), oneShare.mul(2))).isEmpty();
    }
}
