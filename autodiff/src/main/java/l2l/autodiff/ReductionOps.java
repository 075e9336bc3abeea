package l2l.autodiff;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/** Differentiable reductions, softmax, and broadcasting with its adjoint. */
final class ReductionOps {

    private ReductionOps() {
    }

    static Variable sum(Variable a) {
        int[] shape = a.shape();
        return Graph.record("sum", a.value().sum(), (out, g, needs) -> new Variable[] {g.broadcastTo(shape)}, a);
    }

    static Variable sum(Variable a, int axis, boolean keepDims) {
        int[] shape = a.shape();
        int[] kept = keptShape(shape, axis);
        return Graph.record("sum", a.value().sum(axis, keepDims),
                (out, g, needs) -> new Variable[] {g.reshape(kept).broadcastTo(shape)}, a);
    }

    static Variable mean(Variable a) {
        int size = a.value().size();
        if (size == 0) {
            throw new IllegalArgumentException("mean: tensor of shape " + Shapes.toString(a.shape()) + " is empty, so it has no mean");
        }
        return sum(a).div(size);
    }

    static Variable mean(Variable a, int axis, boolean keepDims) {
        int length = a.value().dim(axis);
        if (length == 0) {
            throw new IllegalArgumentException("mean: axis " + axis + " of shape " + Shapes.toString(a.shape())
                    + " is empty, so it has no mean");
        }
        return sum(a, axis, keepDims).div(length);
    }

    /** Returns the maxima along {@code axis}; the gradient goes to the first maximum of each slice. */
    static Variable max(Variable a, int axis, boolean keepDims) {
        int[] shape = a.shape();
        int[] kept = keptShape(shape, axis);
        return Graph.record("max", a.value().max(axis, keepDims), (out, g, needs) -> {
            Variable mask = Variable.constant(firstMaximumMask(a.value(), axis));
            return new Variable[] {g.reshape(kept).broadcastTo(shape).mul(mask)};
        }, a);
    }

    /** Returns a tensor of {@code input}'s shape with 1 at the first maximum along {@code axis} and 0 elsewhere. */
    private static Tensor firstMaximumMask(Tensor input, int axis) {
        int[] shape = input.shape();
        int resolved = axis < 0 ? axis + shape.length : axis;
        int[] positions = input.argmax(resolved);
        int length = shape[resolved];
        int inner = 1;
        for (int d = resolved + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        double[] mask = new double[input.size()];
        for (int k = 0; k < positions.length; k++) {
            int outer = k / inner;
            int offset = k % inner;
            mask[(outer * length + positions[k]) * inner + offset] = 1.0;
        }
        return Tensor.of(mask, shape);
    }

    /** Returns {@code log(softmax(a))} along {@code axis}; the gradient is {@code g - softmax(a) sum(g)}. */
    static Variable logSoftmax(Variable a, int axis) {
        return Graph.record("logSoftmax", a.value().logSoftmax(axis), (out, g, needs) -> {
            Variable softmax = out.exp();
            return new Variable[] {g.sub(softmax.mul(g.sum(axis, true)))};
        }, a);
    }

    /** Returns {@code softmax(a)} along {@code axis}; the gradient is {@code s (g - sum(g s))}. */
    static Variable softmax(Variable a, int axis) {
        return Graph.record("softmax", a.value().softmax(axis), (out, g, needs) -> {
            Variable weighted = g.mul(out);
            return new Variable[] {weighted.sub(out.mul(weighted.sum(axis, true)))};
        }, a);
    }

    static Variable sumTo(Variable a, int[] target) {
        int[] shape = a.shape();
        Tensor value = a.value().sumTo(target);
        if (value == a.value()) {
            return a;
        }
        return Graph.record("sumTo", value, (out, g, needs) -> new Variable[] {g.broadcastTo(shape)}, a);
    }

    static Variable broadcastTo(Variable a, int[] target) {
        int[] shape = a.shape();
        Tensor value = a.value().broadcastTo(target);
        if (value == a.value()) {
            return a;
        }
        return Graph.record("broadcastTo", value, (out, g, needs) -> new Variable[] {g.sumTo(shape)}, a);
    }

    /** Returns {@code shape} with {@code axis} set to 1: the shape of a reduction along it with {@code keepDims}. */
    private static int[] keptShape(int[] shape, int axis) {
        int[] kept = shape.clone();
        kept[axis < 0 ? axis + shape.length : axis] = 1;
        return kept;
    }
}
