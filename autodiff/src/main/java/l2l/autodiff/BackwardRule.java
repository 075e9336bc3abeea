package l2l.autodiff;

/**
 * The local backward rule of an operation: given the gradients of the loss with respect to the
 * operation's outputs, it returns the gradients with respect to its inputs.
 *
 * <p>Rules are written with {@link Variable} operations. A plain backward pass runs them with
 * recording off, so they cost only their tensor work. A pass that creates a graph runs them with
 * recording on, so their results can be differentiated again.
 */
@FunctionalInterface
interface BackwardRule {

    /**
     * Returns one gradient per input, each of the input's shape, or null for an input that gets
     * none.
     *
     * @param outputs the operation's outputs, which rules may reuse instead of recomputing them
     * @param gradients the gradient of each output; zeros for an output nothing depended on
     * @param needsGradient whether input {@code i} needs a gradient; rules may skip the others
     */
    Variable[] apply(Variable[] outputs, Variable[] gradients, boolean[] needsGradient);
}
