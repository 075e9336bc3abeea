package l2l.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import l2l.tensor.Tensor;

/** Records operations: wraps computed values in variables and, when a gradient is needed, links them to a node. */
final class Graph {

    /** The backward rule of an operation with one output. */
    @FunctionalInterface
    interface SingleOutputRule {

        /** Returns one gradient per input, or null for an input that gets none; see {@link BackwardRule}. */
        Variable[] apply(Variable output, Variable gradient, boolean[] needsGradient);
    }

    private Graph() {
    }

    /**
     * Returns {@code value} as the output of {@code operation}. The output requires a gradient,
     * and so gets a node, when recording is on and at least one input requires a gradient;
     * otherwise it is a constant and {@code rule} is dropped.
     */
    static Variable record(String operation, Tensor value, SingleOutputRule rule, Variable... inputs) {
        if (!needsGraph(inputs)) {
            return Variable.constant(value);
        }
        BackwardRule multi = (outputs, gradients, needs) -> rule.apply(outputs[0], gradients[0], needs);
        return recordAll(operation, new Tensor[] {value}, multi, true, inputs)[0];
    }

    /**
     * Returns {@code values} as the outputs of one node of {@code operation}, or as constants when
     * no graph is needed. If {@code supportsHigherOrder} is false, a backward pass that creates a
     * graph through this node throws {@link UnsupportedOperationException}.
     */
    static Variable[] recordAll(String operation, Tensor[] values, BackwardRule rule, boolean supportsHigherOrder, Variable... inputs) {
        Variable[] outputs = new Variable[values.length];
        if (!needsGraph(inputs)) {
            for (int i = 0; i < values.length; i++) {
                outputs[i] = Variable.constant(values[i]);
            }
            return outputs;
        }
        Node node = new Node(operation, List.copyOf(Arrays.asList(inputs)), rule, supportsHigherOrder);
        for (int i = 0; i < values.length; i++) {
            outputs[i] = new Variable(values[i], node, i);
        }
        node.setOutputs(outputs);
        return outputs;
    }

    /** Returns whether outputs of these inputs get a node: recording is on and some input requires a gradient. */
    static boolean needsGraph(Variable... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Variable input : inputs) {
            if (input.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Returns {@code gradient} summed down to {@code shape}, undoing the broadcasting of an input of that shape. */
    static Variable sumTo(Variable gradient, int[] shape) {
        return gradient.value().hasShape(shape) ? gradient : gradient.sumTo(shape);
    }

    /** Returns the slots that are not null, in order: the inputs of an operation whose optional inputs may be left out. */
    static Variable[] present(Variable[] slots) {
        return Arrays.stream(slots).filter(Objects::nonNull).toArray(Variable[]::new);
    }

    /**
     * Returns the gradients of a fused operation with one output by differentiating its composed
     * form with a graph: the vector-Jacobian product of {@code composed}'s output with
     * {@code gradient}; see {@link #differentiateComposed}.
     */
    static Variable[] composedBackward(Variable[] slots, Variable gradient, boolean[] needs, Function<Variable[], Variable> composed) {
        return differentiateComposed(slots, needs, aliases -> composed.apply(aliases).mul(gradient).sum());
    }

    /**
     * Returns the gradients of a fused operation by differentiating, with a graph, the scalar
     * {@code product} that its composed form gives: the sum over its outputs of each output times
     * its gradient. The slots are the operation's inputs, null where an optional input is left
     * out. {@code needs} and the result have one entry per present slot. Each slot enters through
     * its own reshape node, so that a variable passed in two slots gets each slot's share once.
     */
    static Variable[] differentiateComposed(Variable[] slots, boolean[] needs, Function<Variable[], Variable> product) {
        Variable[] aliases = new Variable[slots.length];
        for (int k = 0; k < slots.length; k++) {
            aliases[k] = slots[k] == null ? null : slots[k].reshape(slots[k].shape());
        }
        Variable scalar = product.apply(aliases);

        List<Variable> requested = new ArrayList<>();
        Variable[] presentAliases = present(aliases);
        for (int j = 0; j < presentAliases.length; j++) {
            if (needs[j]) {
                requested.add(presentAliases[j]);
            }
        }
        List<Variable> result = Gradients.of(scalar, requested, true);
        Variable[] gradients = new Variable[presentAliases.length];
        int next = 0;
        for (int j = 0; j < presentAliases.length; j++) {
            if (needs[j]) {
                gradients[j] = result.get(next++);
            }
        }
        return gradients;
    }

    /** Returns the tensors as constants, one per present slot, or null where {@code needs} is false. */
    static Variable[] constantGradients(Variable[] slots, Tensor[] bySlot, boolean[] needs) {
        Variable[] gradients = new Variable[needs.length];
        int j = 0;
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] == null) {
                continue;
            }
            gradients[j] = needs[j] ? Variable.constant(bySlot[k]) : null;
            j++;
        }
        return gradients;
    }
}
