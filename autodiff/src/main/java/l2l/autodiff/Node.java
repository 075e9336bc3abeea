package l2l.autodiff;

import java.util.List;

/**
 * One recorded operation: its inputs, in order (the same variable may appear twice, as in
 * {@code x.mul(x)}), its outputs and its backward rule. After a backward pass that does not keep
 * the graph, the node drops its inputs and rule so that the values they hold can be collected.
 */
final class Node {

    final String operation;
    final boolean supportsHigherOrder;
    private List<Variable> inputs;
    private BackwardRule rule;
    private Variable[] outputs;
    private boolean released;

    Node(String operation, List<Variable> inputs, BackwardRule rule, boolean supportsHigherOrder) {
        this.operation = operation;
        this.inputs = inputs;
        this.rule = rule;
        this.supportsHigherOrder = supportsHigherOrder;
    }

    void setOutputs(Variable[] outputs) {
        this.outputs = outputs;
    }

    Variable[] outputs() {
        return outputs;
    }

    int outputCount() {
        return outputs.length;
    }

    List<Variable> inputs() {
        requireNotReleased();
        return inputs;
    }

    BackwardRule rule() {
        requireNotReleased();
        return rule;
    }

    boolean isReleased() {
        return released;
    }

    void requireNotReleased() {
        if (released) {
            throw new IllegalStateException("backward: the graph through operation '" + operation
                    + "' was already released by an earlier backward pass; pass retainGraph = true to that pass to differentiate the same graph twice");
        }
    }

    /**
     * Drops the inputs, the backward rule with the tensors it saved, and the references to the
     * outputs. Output variables that are still referenced elsewhere keep their values.
     */
    void release() {
        released = true;
        inputs = null;
        rule = null;
        outputs = null;
    }
}
