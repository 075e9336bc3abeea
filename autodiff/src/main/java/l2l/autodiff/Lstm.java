package l2l.autodiff;


import l2l.tensor.LstmKernels;
import l2l.tensor.Tensor;

/**
 * The LSTM cell of PyTorch's {@code LSTMCell} as a differentiable operation with two outputs.
 *
 * <p>Rows are independent samples, or the coordinates of a coordinate-wise optimizer, and share
 * the weights. With gate blocks in the order input, forget, cell, output:
 * <pre>
 * gates = x W_ih^T + b_ih + h W_hh^T + b_hh
 * c' = f c + i g,   h' = o tanh(c'),   with i, f, o = sigmoid and g = tanh of their blocks
 * </pre>
 * Shapes: {@code x [n, I]}, {@code h, c [n, H]}, {@code weightIh [4H, I]},
 * {@code weightHh [4H, H]}, {@code biasIh, biasHh [4H]}.
 *
 * <p>{@link #cell} runs the fused kernels of {@link LstmKernels} in both directions. When a
 * backward pass creates a graph, the cell's backward rule instead rebuilds the cell from
 * differentiable operations ({@link #composedCell}) and differentiates that, so higher-order
 * gradients are exact at the cost of the slower path.
 */
public final class Lstm {

    private Lstm() {
    }

    /**
     * The outputs of a cell.
     *
     * @param h the new hidden state {@code [n, H]}
     * @param c the new cell state {@code [n, H]}
     */
    public record State(Variable h, Variable c) {
    }

    /** Returns {@code (h', c')} through the fused kernels. */
    public static State cell(Variable x, Variable h, Variable c, Variable weightIh, Variable weightHh, Variable biasIh, Variable biasHh) {
        LstmKernels.Weights weights = LstmKernels.Weights.of(weightIh.value(), weightHh.value(), biasIh.value(), biasHh.value());
        Variable[] inputs = {x, h, c, weightIh, weightHh, biasIh, biasHh};
        // A recorded cell keeps its activated gates, 4H doubles per row, so the backward pass
        // need not recompute them; without a graph nothing is kept.
        LstmKernels.Saved saved = Graph.needsGraph(inputs) ? LstmKernels.forwardSaving(x.value(), h.value(), c.value(), weights) : null;
        LstmKernels.State state = saved != null ? saved.state() : LstmKernels.forward(x.value(), h.value(), c.value(), weights);
        BackwardRule rule = (outputs, gradients, needs) -> {
            if (GradMode.isEnabled()) {
                return Graph.differentiateComposed(inputs, needs, v -> {
                    State composed = composedCell(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
                    return composed.h().mul(gradients[0]).sum().add(composed.c().mul(gradients[1]).sum());
                });
            }
            boolean inputGradients = needs[0] || needs[1];
            boolean weightGradients = needs[3] || needs[4] || needs[5] || needs[6];
            LstmKernels.Gradients result = LstmKernels.backward(x.value(), h.value(), c.value(), weights, saved, gradients[0].value(),
                    gradients[1].value(), inputGradients, weightGradients);
            return new Variable[] {
                needs[0] ? Variable.constant(result.x()) : null,
                needs[1] ? Variable.constant(result.h()) : null,
                needs[2] ? Variable.constant(result.c()) : null,
                needs[3] ? Variable.constant(result.weightIh()) : null,
                needs[4] ? Variable.constant(result.weightHh()) : null,
                needs[5] ? Variable.constant(result.bias()) : null,
                needs[6] ? Variable.constant(result.bias()) : null};
        };
        Variable[] outputs = Graph.recordAll("lstmCell", new Tensor[] {state.h(), state.c()}, rule, true, inputs);
        return new State(outputs[0], outputs[1]);
    }

    /**
     * Returns {@code (h', c')} built from differentiable operations: slower than {@link #cell},
     * with the same values up to rounding. It is the reference for the fused kernels and the path
     * of higher-order gradients.
     */
    public static State composedCell(Variable x, Variable h, Variable c, Variable weightIh, Variable weightHh, Variable biasIh,
            Variable biasHh) {
        LstmKernels.Weights.of(weightIh.value(), weightHh.value(), biasIh.value(), biasHh.value());
        int hidden = h.value().dim(1);
        Variable gates = x.matmulTransposed(weightIh).add(biasIh).add(h.matmulTransposed(weightHh)).add(biasHh);
        Variable input = gates.slice(1, 0, hidden).sigmoid();
        Variable forget = gates.slice(1, hidden, 2 * hidden).sigmoid();
        Variable candidate = gates.slice(1, 2 * hidden, 3 * hidden).tanh();
        Variable output = gates.slice(1, 3 * hidden, 4 * hidden).sigmoid();
        Variable cellNext = forget.mul(c).add(input.mul(candidate));
        return new State(output.mul(cellNext.tanh()), cellNext);
    }
}
