package l2l.autodiff;

import l2l.tensor.Tensor;

/** Differentiable operations that move elements: reshape, permutations, slicing, concatenation, gather and scatter. */
final class LayoutOps {

    private LayoutOps() {
    }

    static Variable reshape(Variable a, int[] shape) {
        int[] original = a.shape();
        return Graph.record("reshape", a.value().reshape(shape), (out, g, needs) -> new Variable[] {g.reshape(original)}, a);
    }

    static Variable permute(Variable a, int[] order) {
        Tensor value = a.value().permute(order);
        int rank = order.length;
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[order[i] < 0 ? order[i] + rank : order[i]] = i;
        }
        return Graph.record("permute", value, (out, g, needs) -> new Variable[] {g.permute(inverse)}, a);
    }

    static Variable transpose(Variable a) {
        return Graph.record("transpose", a.value().transpose(), (out, g, needs) -> new Variable[] {g.transpose()}, a);
    }

    static Variable slice(Variable a, int axis, int start, int end) {
        int size = a.value().dim(axis);
        int[] indices = new int[end - start];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = start + i;
        }
        return Graph.record("slice", a.value().slice(axis, start, end),
                (out, g, needs) -> new Variable[] {g.scatterAdd(axis, indices, size)}, a);
    }

    static Variable concat(int axis, Variable[] parts) {
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value();
        }
        Tensor value = Tensor.concat(axis, values);
        return Graph.record("concat", value, (out, g, needs) -> {
            Variable[] gradients = new Variable[parts.length];
            int start = 0;
            for (int i = 0; i < parts.length; i++) {
                int length = values[i].dim(axis);
                if (needs[i]) {
                    gradients[i] = g.slice(axis, start, start + length);
                }
                start += length;
            }
            return gradients;
        }, parts);
    }

    static Variable gather(Variable a, int axis, int[] indices) {
        int size = a.value().dim(axis);
        int[] copy = indices.clone();
        return Graph.record("gather", a.value().gather(axis, copy), (out, g, needs) -> new Variable[] {g.scatterAdd(axis, copy, size)}, a);
    }

    static Variable scatterAdd(Variable a, int axis, int[] indices, int size) {
        int[] copy = indices.clone();
        return Graph.record("scatterAdd", a.value().scatterAdd(axis, copy, size), (out, g, needs) -> new Variable[] {g.gather(axis, copy)}, a);
    }
}
