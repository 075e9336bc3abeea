package l2l.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * The reverse pass over a recorded graph, shared by {@link Variable#backward} and
 * {@link Gradients#of}.
 *
 * <ol>
 *   <li>An iterative depth-first search from the output lists the nodes in topological order
 *       (every node after the nodes of its inputs). It uses an explicit stack, because unrolled
 *       graphs are deeper than the call stack allows, and identity-based sets, because distinct
 *       variables may be equal in value.
 *   <li>In reverse order, each node's backward rule turns the gradients of its outputs into
 *       gradients of its inputs, which are added up where a variable is used more than once.
 *   <li>The gradients reach the leaves, or are returned for the requested variables.
 * </ol>
 */
final class Backpropagation {

    private final Variable output;
    private final boolean createGraph;
    /** Leaves whose gradients are wanted, or null when every leaf that requires one is. */
    private final Set<Variable> targetLeaves;
    /** Nodes whose outputs are requested, or null when none is. */
    private final Set<Node> targetNodes;

    private List<Node> order;
    private Map<Node, Integer> positions;
    private boolean[] needed;
    private Variable[][] outputGradients;
    private final Map<Variable, Variable> leafGradients = new IdentityHashMap<>();
    private final Map<Node, Variable[]> targetGradients = new IdentityHashMap<>();

    private Backpropagation(Variable output, boolean createGraph, Set<Variable> targetLeaves, Set<Node> targetNodes) {
        this.output = output;
        this.createGraph = createGraph;
        this.targetLeaves = targetLeaves;
        this.targetNodes = targetNodes;
    }

    /** Accumulates the gradients of {@code output}, seeded with {@code seed}, into every leaf that requires one. */
    static void backward(Variable output, Tensor seed, boolean retainGraph) {
        requireSeedShape(output, seed);
        if (output.isLeaf()) {
            if (!output.requiresGrad()) {
                throw new IllegalStateException("backward: the output is a constant, so there is nothing to differentiate; "
                        + "create the inputs with Variable.parameter and compute the output from them");
            }
            output.accumulateGrad(seed);
            return;
        }
        Backpropagation pass = new Backpropagation(output, false, null, null);
        pass.run(Variable.constant(seed));
        for (Map.Entry<Variable, Variable> entry : pass.leafGradients.entrySet()) {
            entry.getKey().accumulateGrad(entry.getValue().value());
        }
        if (!retainGraph) {
            for (Node node : pass.order) {
                node.release();
            }
        }
    }

    /** Returns the gradients of {@code output}, seeded with {@code seed}, with respect to {@code inputs}. */
    static List<Variable> gradients(Variable output, Variable seed, List<Variable> inputs, boolean createGraph) {
        requireSeedShape(output, seed.value());
        Set<Variable> leaves = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < inputs.size(); i++) {
            Variable input = inputs.get(i);
            if (!input.requiresGrad()) {
                throw new IllegalArgumentException("Gradients.of: input " + i + " of shape " + Shapes.toString(input.shape())
                        + " does not require a gradient; create it with Variable.parameter, or compute it from one");
            }
            if (input.isLeaf()) {
                leaves.add(input);
            } else {
                nodes.add(input.node());
            }
        }

        List<Variable> result = new ArrayList<>();
        if (output.isLeaf()) {
            for (Variable input : inputs) {
                result.add(input == output ? seed : zeros(input));
            }
            return result;
        }
        Backpropagation pass = new Backpropagation(output, createGraph, leaves, nodes);
        pass.run(seed);
        for (Variable input : inputs) {
            Variable gradient;
            if (input.isLeaf()) {
                gradient = pass.leafGradients.get(input);
            } else {
                Variable[] gradients = pass.targetGradients.get(input.node());
                gradient = gradients == null ? null : gradients[input.outputIndex()];
            }
            result.add(gradient == null ? zeros(input) : gradient);
        }
        return result;
    }

    private static void requireSeedShape(Variable output, Tensor seed) {
        if (!Arrays.equals(output.shape(), seed.shape())) {
            throw new IllegalArgumentException("backward: the seed has shape " + Shapes.toString(seed.shape()) + " but the output has shape "
                    + Shapes.toString(output.shape()) + "; pass a seed of the output's shape, or reduce the output to a scalar first");
        }
    }

    private static Variable zeros(Variable like) {
        return Variable.constant(Tensor.zeros(like.shape()));
    }

    private void run(Variable seed) {
        Node root = output.node();
        root.requireNotReleased();
        order = topologicalOrder(root);
        positions = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            positions.put(order.get(i), i);
        }
        needed = neededNodes();
        outputGradients = new Variable[order.size()][];
        outputGradients[positions.get(root)] = new Variable[root.outputCount()];
        outputGradients[positions.get(root)][output.outputIndex()] = seed;

        boolean previousMode = GradMode.set(createGraph);
        try {
            for (int i = order.size() - 1; i >= 0; i--) {
                Variable[] gradients = outputGradients[i];
                outputGradients[i] = null;
                if (needed[i] && gradients != null) {
                    propagate(order.get(i), gradients);
                }
            }
        } finally {
            GradMode.set(previousMode);
        }
    }

    /** Lists the nodes reachable from {@code root} through inputs that require a gradient, inputs first. */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> result = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Integer> nextInput = new ArrayDeque<>();
        visited.add(root);
        stack.push(root);
        nextInput.push(0);
        while (!stack.isEmpty()) {
            Node node = stack.peek();
            int index = nextInput.pop();
            List<Variable> inputs = node.inputs();
            if (index < inputs.size()) {
                nextInput.push(index + 1);
                Variable input = inputs.get(index);
                Node child = input.node();
                if (child != null && input.requiresGrad() && visited.add(child)) {
                    child.requireNotReleased();
                    stack.push(child);
                    nextInput.push(0);
                }
            } else {
                stack.pop();
                result.add(node);
            }
        }
        return result;
    }

    /**
     * Marks the nodes whose backward rule must run: all of them for a plain backward pass, and for
     * requested gradients only those on a path to a requested variable. Pruning saves the work of
     * the other rules, which no requested gradient depends on.
     */
    private boolean[] neededNodes() {
        boolean[] result = new boolean[order.size()];
        for (int i = 0; i < order.size(); i++) {
            Node node = order.get(i);
            if (targetLeaves == null || targetNodes.contains(node)) {
                result[i] = true;
                continue;
            }
            for (Variable input : node.inputs()) {
                if (inputNeedsGradient(input, result)) {
                    result[i] = true;
                    break;
                }
            }
        }
        return result;
    }

    private boolean inputNeedsGradient(Variable input, boolean[] neededSoFar) {
        if (!input.requiresGrad()) {
            return false;
        }
        if (input.isLeaf()) {
            return targetLeaves == null || targetLeaves.contains(input);
        }
        Integer position = positions.get(input.node());
        return position != null && neededSoFar[position];
    }

    private void propagate(Node node, Variable[] gradients) {
        Variable[] outputs = node.outputs();
        for (int j = 0; j < gradients.length; j++) {
            if (gradients[j] == null) {
                gradients[j] = zeros(outputs[j]);
            }
        }
        if (targetNodes != null && targetNodes.contains(node)) {
            targetGradients.put(node, gradients.clone());
        }

        List<Variable> inputs = node.inputs();
        boolean[] needs = new boolean[inputs.size()];
        boolean any = false;
        for (int j = 0; j < needs.length; j++) {
            needs[j] = inputNeedsGradient(inputs.get(j), needed);
            any |= needs[j];
        }
        if (!any) {
            return;
        }
        if (createGraph && !node.supportsHigherOrder) {
            throw new UnsupportedOperationException("backward: operation '" + node.operation
                    + "' does not support higher-order gradients, so no graph can be created through it; "
                    + "compute it from differentiable operations instead");
        }

        Variable[] inputGradients = node.rule().apply(outputs, gradients, needs);
        for (int j = 0; j < needs.length; j++) {
            if (!needs[j] || inputGradients[j] == null) {
                continue;
            }
            Variable input = inputs.get(j);
            Variable gradient = inputGradients[j];
            if (!Arrays.equals(gradient.shape(), input.shape())) {
                throw new IllegalStateException("Internal error: the backward rule of '" + node.operation + "' returned a gradient of shape "
                        + Shapes.toString(gradient.shape()) + " for input " + j + " of shape " + Shapes.toString(input.shape()));
            }
            if (input.isLeaf()) {
                leafGradients.merge(input, gradient, Variable::add);
            } else {
                int position = positions.get(input.node());
                Variable[] slots = outputGradients[position];
                if (slots == null) {
                    slots = new Variable[input.node().outputCount()];
                    outputGradients[position] = slots;
                }
                int index = input.outputIndex();
                slots[index] = slots[index] == null ? gradient : slots[index].add(gradient);
            }
        }
    }
}
