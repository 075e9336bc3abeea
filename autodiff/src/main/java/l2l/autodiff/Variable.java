package l2l.autodiff;

import java.util.Arrays;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * A tensor value in a computation that can be differentiated in reverse mode.
 *
 * <p>A variable is either a leaf or the output of an operation. Leaves are created with
 * {@link #parameter(Tensor)}, which requires a gradient, or {@link #constant(Tensor)}, which does
 * not. The output of an operation requires a gradient when at least one of its inputs does and
 * recording is on (see {@link NoGrad}); then it remembers the operation, its inputs and its
 * backward rule. Otherwise it is a constant, and the operation cost only its tensor work.
 *
 * <p>Lifecycle of a training step:
 * <ol>
 *   <li>compute a scalar loss from parameters with the operations of this class and of
 *       {@link NeuralOps}, {@link BatchNorm} and {@link Lstm};
 *   <li>call {@link #backward()} on the loss, which adds the gradient of the loss to
 *       {@link #grad()} of every parameter it depends on, and by default releases the graph;
 *   <li>read the gradients, update the parameters (inside a {@link NoGrad} scope or on tensors),
 *       and call {@link #zeroGrad()} before the next step.
 * </ol>
 * For gradients that should not accumulate into {@link #grad()}, or that must be differentiated
 * again, use {@link Gradients#of}.
 *
 * <p>The value is immutable. The gradient of a leaf is guarded by the variable's lock, so
 * backward passes on several threads may accumulate into shared parameters. The order of those
 * additions then depends on thread timing, so for bit-identical runs collect per-thread gradients
 * with {@link Gradients#of} and add them in a fixed order. A graph itself must be built and
 * differentiated on one thread.
 */
public final class Variable {

    private final Tensor value;
    private final boolean requiresGrad;
    private final Node node;
    private final int outputIndex;
    private Tensor grad;

    private Variable(Tensor value, boolean requiresGrad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = null;
        this.outputIndex = 0;
    }

    /** Creates output {@code outputIndex} of {@code node}; it requires a gradient. */
    Variable(Tensor value, Node node, int outputIndex) {
        this.value = value;
        this.requiresGrad = true;
        this.node = node;
        this.outputIndex = outputIndex;
    }

    /** Returns a leaf that requires a gradient, such as a model parameter. */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true);
    }

    /** Returns a leaf that requires no gradient, such as input data. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false);
    }

    /** Returns a scalar leaf that requires no gradient. */
    public static Variable constant(double value) {
        return new Variable(Tensor.scalar(value), false);
    }

    /** Returns the value. */
    public Tensor value() {
        return value;
    }

    /** Returns a copy of the value's shape. */
    public int[] shape() {
        return value.shape();
    }

    /** Returns whether gradients flow to this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Returns whether this variable was created directly rather than computed by an operation that recorded a node. */
    public boolean isLeaf() {
        return node == null;
    }

    Node node() {
        return node;
    }

    int outputIndex() {
        return outputIndex;
    }

    /** Returns the gradient accumulated into this leaf by backward passes, or null if none was. */
    public synchronized Tensor grad() {
        return grad;
    }

    /** Clears the accumulated gradient, so that {@link #grad()} returns null until the next backward pass. */
    public synchronized void zeroGrad() {
        grad = null;
    }

    /**
     * Adds {@code gradient} to the accumulated gradient of this leaf.
     *
     * @throws IllegalStateException if this variable is not a leaf that requires a gradient
     * @throws IllegalArgumentException if the shapes differ
     */
    public synchronized void accumulateGrad(Tensor gradient) {
        if (!requiresGrad || node != null) {
            throw new IllegalStateException("accumulateGrad: only a leaf created with Variable.parameter keeps a gradient; this variable is "
                    + describe());
        }
        if (!Arrays.equals(gradient.shape(), value.shape())) {
            throw new IllegalArgumentException("accumulateGrad: gradient of shape " + Shapes.toString(gradient.shape())
                    + " does not match the variable's shape " + Shapes.toString(value.shape()));
        }
        grad = grad == null ? gradient : grad.add(gradient);
    }

    /** Returns a constant with the same value, cut off from the graph: no gradient flows through it. */
    public Variable detach() {
        return constant(value);
    }

    /**
     * Computes the gradient of this scalar with respect to every leaf it depends on that requires
     * a gradient, adds it to the leaf's {@link #grad()}, and releases the graph.
     *
     * @throws IllegalArgumentException if this variable has more than one element
     */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalArgumentException("backward: the output has shape " + Shapes.toString(value.shape())
                    + ", not a single element; reduce it to a scalar, for example with sum() or mean(), or call backward(seed)");
        }
        backward(Tensor.ones(value.shape()), false);
    }

    /** Backpropagates {@code seed}, the gradient of some scalar with respect to this variable, and releases the graph. */
    public void backward(Tensor seed) {
        backward(seed, false);
    }

    /**
     * Backpropagates {@code seed}, the gradient of some scalar with respect to this variable, into
     * the leaves. Unless {@code retainGraph} is true, every node visited then drops its inputs and
     * saved tensors, so the graph cannot be differentiated again but its memory can be collected.
     */
    public void backward(Tensor seed, boolean retainGraph) {
        Backpropagation.backward(this, seed, retainGraph);
    }

    // ---- element-wise arithmetic, broadcasting as Tensor does ----

    /** Returns {@code this + other}. */
    public Variable add(Variable other) {
        return ElementwiseOps.add(this, other);
    }

    /** Returns {@code this - other}. */
    public Variable sub(Variable other) {
        return ElementwiseOps.sub(this, other);
    }

    /** Returns the element-wise product {@code this * other}. */
    public Variable mul(Variable other) {
        return ElementwiseOps.mul(this, other);
    }

    /** Returns the element-wise quotient {@code this / other}; throws if an element of {@code other} is zero. */
    public Variable div(Variable other) {
        return ElementwiseOps.div(this, other);
    }

    /** Returns {@code this + value}. */
    public Variable add(double value) {
        return ElementwiseOps.add(this, value);
    }

    /** Returns {@code this - value}. */
    public Variable sub(double value) {
        return ElementwiseOps.add(this, -value);
    }

    /** Returns {@code this * value}. */
    public Variable mul(double value) {
        return ElementwiseOps.mul(this, value);
    }

    /** Returns {@code this / value}; throws if {@code value} is zero. */
    public Variable div(double value) {
        return ElementwiseOps.div(this, value);
    }

    /** Returns {@code -this}. */
    public Variable neg() {
        return ElementwiseOps.neg(this);
    }

    // ---- element-wise maps ----

    /** Returns {@code e^x}. */
    public Variable exp() {
        return ElementwiseOps.exp(this);
    }

    /** Returns the natural logarithm; throws if an element is not positive. */
    public Variable log() {
        return ElementwiseOps.log(this);
    }

    /** Returns {@code tanh(x)}. */
    public Variable tanh() {
        return ElementwiseOps.tanh(this);
    }

    /** Returns {@code 1 / (1 + e^-x)}. */
    public Variable sigmoid() {
        return ElementwiseOps.sigmoid(this);
    }

    /** Returns {@code max(x, 0)}; its gradient at 0 is 0. */
    public Variable relu() {
        return ElementwiseOps.relu(this);
    }

    /** Returns {@code |x|}; its gradient at 0 is 0. */
    public Variable abs() {
        return ElementwiseOps.abs(this);
    }

    /** Returns the sign, -1, 0 or 1; its gradient is 0. */
    public Variable sign() {
        return ElementwiseOps.sign(this);
    }

    /** Returns the square root; throws for a negative element, and its backward pass throws where an element is 0. */
    public Variable sqrt() {
        return ElementwiseOps.sqrt(this);
    }

    /** Returns {@code x * x}. */
    public Variable square() {
        return ElementwiseOps.square(this);
    }

    /** Returns every element limited to {@code [min, max]}; the gradient is 1 inside the bounds, both included, and 0 outside. */
    public Variable clamp(double min, double max) {
        return ElementwiseOps.clamp(this, min, max);
    }

    // ---- reductions ----

    /** Returns the sum of all elements as a scalar. */
    public Variable sum() {
        return ReductionOps.sum(this);
    }

    /** Returns the sums along {@code axis}, as {@link Tensor#sum(int, boolean)}. */
    public Variable sum(int axis, boolean keepDims) {
        return ReductionOps.sum(this, axis, keepDims);
    }

    /** Returns the mean of all elements as a scalar. */
    public Variable mean() {
        return ReductionOps.mean(this);
    }

    /** Returns the means along {@code axis}, as {@link Tensor#mean(int, boolean)}. */
    public Variable mean(int axis, boolean keepDims) {
        return ReductionOps.mean(this, axis, keepDims);
    }

    /** Returns the maxima along {@code axis}; the gradient goes to the first maximum of each slice. */
    public Variable max(int axis, boolean keepDims) {
        return ReductionOps.max(this, axis, keepDims);
    }

    /** Returns the softmax along {@code axis}. */
    public Variable softmax(int axis) {
        return ReductionOps.softmax(this, axis);
    }

    /** Returns {@code log(softmax(x))} along {@code axis}. */
    public Variable logSoftmax(int axis) {
        return ReductionOps.logSoftmax(this, axis);
    }

    /** Returns this variable summed down to {@code target}, as {@link Tensor#sumTo(int...)}. */
    public Variable sumTo(int... target) {
        return ReductionOps.sumTo(this, target);
    }

    /** Returns this variable repeated to {@code target}, as {@link Tensor#broadcastTo(int...)}. */
    public Variable broadcastTo(int... target) {
        return ReductionOps.broadcastTo(this, target);
    }

    // ---- matrix products ----

    /** Returns {@code this other}, as {@link Tensor#matmul(Tensor)}. */
    public Variable matmul(Variable other) {
        return MatrixOps.matmul(this, other);
    }

    /** Returns {@code this^T other}, as {@link Tensor#transposedMatmul(Tensor)}. */
    public Variable transposedMatmul(Variable other) {
        return MatrixOps.transposedMatmul(this, other);
    }

    /** Returns {@code this other^T}, as {@link Tensor#matmulTransposed(Tensor)}. */
    public Variable matmulTransposed(Variable other) {
        return MatrixOps.matmulTransposed(this, other);
    }

    // ---- layout ----

    /** Returns the same elements in {@code shape}; one dimension may be -1. */
    public Variable reshape(int... shape) {
        return LayoutOps.reshape(this, shape);
    }

    /** Returns the elements as a vector. */
    public Variable flatten() {
        return LayoutOps.reshape(this, new int[] {value.size()});
    }

    /** Returns the transpose of a matrix. */
    public Variable transpose() {
        return LayoutOps.transpose(this);
    }

    /** Returns this variable with axes {@code first} and {@code second} swapped. */
    public Variable transpose(int first, int second) {
        int rank = value.rank();
        int[] order = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            order[axis] = axis;
        }
        int a = first < 0 ? first + rank : first;
        int b = second < 0 ? second + rank : second;
        if (a < 0 || a >= rank || b < 0 || b >= rank) {
            throw new IllegalArgumentException("transpose: axes " + first + " and " + second + " are out of range for rank " + rank);
        }
        order[a] = b;
        order[b] = a;
        return LayoutOps.permute(this, order);
    }

    /** Returns this variable with its axes reordered, as {@link Tensor#permute(int...)}. */
    public Variable permute(int... order) {
        return LayoutOps.permute(this, order);
    }

    /** Returns the entries {@code [start, end)} along {@code axis}. */
    public Variable slice(int axis, int start, int end) {
        return LayoutOps.slice(this, axis, start, end);
    }

    /** Returns the variables joined along {@code axis}. */
    public static Variable concat(int axis, Variable... parts) {
        return LayoutOps.concat(axis, parts.clone());
    }

    /** Returns the entries at {@code indices} along {@code axis}, as {@link Tensor#gather(int, int[])}. */
    public Variable gather(int axis, int[] indices) {
        return LayoutOps.gather(this, axis, indices);
    }

    /** Returns the adjoint of {@link #gather}, as {@link Tensor#scatterAdd(int, int[], int)}. */
    public Variable scatterAdd(int axis, int[] indices, int size) {
        return LayoutOps.scatterAdd(this, axis, indices, size);
    }

    private String describe() {
        if (node != null) {
            return "the output of '" + node.operation + "'";
        }
        return requiresGrad ? "a parameter" : "a constant";
    }

    /** Returns the shape and origin, for example {@code Variable[2, 3] output of 'matmul'}. */
    @Override
    public String toString() {
        return "Variable" + Shapes.toString(value.shape()) + " " + (node != null ? "output of '" + node.operation + "'" : describe());
    }
}
