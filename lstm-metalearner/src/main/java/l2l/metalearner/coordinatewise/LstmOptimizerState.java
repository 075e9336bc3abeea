package l2l.metalearner.coordinatewise;

import l2l.autodiff.Variable;
import l2l.tensor.Tensor;

/**
 * The recurrent state of a coordinate-wise LSTM optimizer: hidden and cell states of both layers,
 * each {@code [n, H]} with one row per coordinate.
 *
 * @param h0 the hidden state of the first layer
 * @param c0 the cell state of the first layer
 * @param h1 the hidden state of the second layer
 * @param c1 the cell state of the second layer
 */
public record LstmOptimizerState(Variable h0, Variable c0, Variable h1, Variable c1) {

    /** Returns the state every optimization starts from: zeros of shape {@code [n, hiddenSize]}. */
    public static LstmOptimizerState zeros(int n, int hiddenSize) {
        Variable zeros = Variable.constant(Tensor.zeros(n, hiddenSize));
        return new LstmOptimizerState(zeros, zeros, zeros, zeros);
    }

    /** Returns the same values as constants, cut off from any graph, as truncated backpropagation needs between unrolls. */
    public LstmOptimizerState detach() {
        return new LstmOptimizerState(h0.detach(), c0.detach(), h1.detach(), c1.detach());
    }

    /** Returns the number of coordinates {@code n}. */
    public int coordinates() {
        return h0.value().dim(0);
    }
}
