package l2l.autodiff;

import java.util.List;

import l2l.tensor.Tensor;

/**
 * Gradients as return values, in the manner of {@code torch.autograd.grad}: they do not
 * accumulate into any {@link Variable#grad()}, and they may themselves be differentiable.
 *
 * <p>With {@code createGraph} false the gradients are constants, such as the gradient a learned
 * optimizer reads as its input. With {@code createGraph} true the backward rules run with
 * recording on, so each gradient is a variable with its own graph; differentiating it again
 * gives second derivatives, for example Hessian-vector products:
 *
 * <pre>{@code
 * Variable g = Gradients.of(loss, List.of(x), true).get(0);
 * Variable hessianTimesV = Gradients.of(g.mul(v).sum(), List.of(x), false).get(0);
 * }</pre>
 *
 * <p>The graph is kept, so the output can be differentiated again or take part in a later
 * backward pass; it is collected once nothing refers to it.
 */
public final class Gradients {

    private Gradients() {
    }

    /**
     * Returns the gradients of the scalar {@code output} with respect to {@code inputs}, in order.
     * An input the output does not depend on gets a gradient of zeros.
     *
     * @param inputs variables that require a gradient, leaves or outputs of operations
     * @param createGraph whether to record the backward pass so the gradients can be differentiated
     * @throws IllegalArgumentException if {@code output} is not a single element, or an input requires no gradient
     * @throws UnsupportedOperationException if {@code createGraph} is true and the path to an input
     *     passes through an operation that supports only first derivatives
     */
    public static List<Variable> of(Variable output, List<Variable> inputs, boolean createGraph) {
        if (output.value().size() != 1) {
            throw new IllegalArgumentException("Gradients.of: the output has " + output.value().size()
                    + " elements; reduce it to a scalar, or pass a seed of its shape");
        }
        return Backpropagation.gradients(output, Variable.constant(Tensor.ones(output.shape())), inputs, createGraph);
    }

    /**
     * Returns the vector-Jacobian products {@code seed^T d output / d input} for every input: the
     * gradients of {@code sum(seed * output)} where {@code seed} is held constant.
     *
     * @param seed a variable of the output's shape
     */
    public static List<Variable> of(Variable output, Variable seed, List<Variable> inputs, boolean createGraph) {
        return Backpropagation.gradients(output, seed, inputs, createGraph);
    }
}
