package l2l.metalearner.fewshot;

import l2l.autodiff.Variable;
import l2l.tensor.Shapes;

/**
 * The second layer of the meta-learner of Ravi and Larochelle (2017), "Optimization as a model
 * for few-shot learning": an LSTM-like cell whose cell state is the learner's flat parameter
 * vector {@code theta}. Every coordinate is one row, and all rows share the weights.
 *
 * <p>With {@code h [n, H]} from the first layer, the learner's gradient {@code grad [n]} and the
 * gate pre-activations of the previous step fed back (zero at the first step):
 * <pre>
 * a_F = [h, theta, a_F_prev] W_F + b_F        W_F [H + 2, 1], b_F [1]
 * a_I = [h, theta, a_I_prev] W_I + b_I        W_I [H + 2, 1], b_I [1]
 * theta_next = sigmoid(a_F) * theta - sigmoid(a_I) * grad
 * </pre>
 * The forget gate {@code sigmoid(a_F)} decays the parameters and the input gate
 * {@code sigmoid(a_I)} is a per-coordinate learning rate. The concatenation is never formed: the
 * product is split into {@code h W[0:H] + theta W[H] + a_prev W[H + 1]}.
 */
public final class MetaCell {

    private MetaCell() {
    }

    /**
     * The outputs of one step.
     *
     * @param theta the new parameters {@code [n]}
     * @param forget the forget-gate pre-activation {@code a_F [n]}, fed to the next step
     * @param input the input-gate pre-activation {@code a_I [n]}, fed to the next step
     */
    public record Output(Variable theta, Variable forget, Variable input) {
    }

    /**
     * Computes one step for every coordinate.
     *
     * @throws IllegalArgumentException if the shapes do not fit together; the message names them
     */
    public static Output step(Variable h, Variable theta, Variable forgetPrevious, Variable inputPrevious, Variable gradient,
            Variable forgetWeight, Variable inputWeight, Variable forgetBias, Variable inputBias) {
        int[] hShape = h.shape();
        if (hShape.length != 2) {
            throw new IllegalArgumentException("MetaCell: h must be [n, H], got " + Shapes.toString(hShape));
        }
        int n = hShape[0];
        int hidden = hShape[1];
        for (Variable vector : new Variable[] {theta, forgetPrevious, inputPrevious, gradient}) {
            if (!vector.value().hasShape(n)) {
                throw new IllegalArgumentException("MetaCell: theta, the previous gates and the gradient must be [n] = [" + n
                        + "] to match h " + Shapes.toString(hShape) + ", got " + Shapes.toString(vector.shape()));
            }
        }
        for (Variable weight : new Variable[] {forgetWeight, inputWeight}) {
            if (!weight.value().hasShape(hidden + 2, 1)) {
                throw new IllegalArgumentException("MetaCell: W_F and W_I must be [H + 2, 1] = [" + (hidden + 2) + ", 1] for h "
                        + Shapes.toString(hShape) + ", got " + Shapes.toString(weight.shape()));
            }
        }
        for (Variable bias : new Variable[] {forgetBias, inputBias}) {
            if (!bias.value().hasShape(1)) {
                throw new IllegalArgumentException("MetaCell: b_F and b_I must be [1], got " + Shapes.toString(bias.shape()));
            }
        }

        Variable forget = preActivation(h, theta, forgetPrevious, forgetWeight, forgetBias, n, hidden);
        Variable input = preActivation(h, theta, inputPrevious, inputWeight, inputBias, n, hidden);
        Variable next = forget.sigmoid().mul(theta).sub(input.sigmoid().mul(gradient));
        return new Output(next, forget, input);
    }

    /** Returns {@code [h, theta, previous] W + b} as {@code [n]}. */
    private static Variable preActivation(Variable h, Variable theta, Variable previous, Variable weight, Variable bias, int n,
            int hidden) {
        Variable fromHidden = h.matmul(weight.slice(0, 0, hidden)).reshape(n);
        Variable fromTheta = theta.mul(weight.slice(0, hidden, hidden + 1).reshape(1));
        Variable fromPrevious = previous.mul(weight.slice(0, hidden + 1, hidden + 2).reshape(1));
        return fromHidden.add(fromTheta).add(fromPrevious).add(bias);
    }
}
