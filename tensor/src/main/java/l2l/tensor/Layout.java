package l2l.tensor;

import java.util.Arrays;

/**
 * Kernels that move elements without arithmetic: permutations of the axes, slicing,
 * concatenation, gathering by index and its adjoint, and broadcasting. Axis operations view a
 * tensor as {@code [outer, length, inner]} around the axis they act on.
 */
final class Layout {

    /** Side of the square tiles of the blocked two-dimensional transpose. */
    private static final int TRANSPOSE_TILE = 32;

    private Layout() {
    }

    static Tensor transpose2d(Tensor input) {
        int[] shape = input.shapeUnsafe();
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose: expected a matrix, got shape " + Shapes.toString(shape)
                    + "; use transpose(a, b) or permute for other ranks");
        }
        int rows = shape[0];
        int columns = shape[1];
        double[] out = new double[rows * columns];
        transpose(input.data(), 0, rows, columns, out, 0);
        return Tensor.wrap(out, columns, rows);
    }

    /** Writes the transpose of the row-major {@code [rows, columns]} matrix at {@code in[inOffset]} to {@code out[outOffset]}. */
    static void transpose(double[] in, int inOffset, int rows, int columns, double[] out, int outOffset) {
        for (int r0 = 0; r0 < rows; r0 += TRANSPOSE_TILE) {
            int r1 = Math.min(rows, r0 + TRANSPOSE_TILE);
            for (int c0 = 0; c0 < columns; c0 += TRANSPOSE_TILE) {
                int c1 = Math.min(columns, c0 + TRANSPOSE_TILE);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        out[outOffset + c * rows + r] = in[inOffset + r * columns + c];
                    }
                }
            }
        }
    }

    static Tensor permute(Tensor input, int[] order) {
        int[] shape = input.shapeUnsafe();
        int rank = shape.length;
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " axes but the tensor of shape " + Shapes.toString(shape) + " has rank " + rank);
        }
        int[] axes = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int axis = Shapes.axis(order[i], rank, "permute");
            if (seen[axis]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " names axis " + axis
                        + " twice; it must list every axis once");
            }
            seen[axis] = true;
            axes[i] = axis;
        }
        if (rank == 2 && axes[0] == 1) {
            return transpose2d(input);
        }

        int[] outShape = new int[rank];
        int[] inStrides = Shapes.strides(shape);
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[axes[i]];
            strides[i] = inStrides[axes[i]];
        }
        double[] in = input.data();
        double[] out = new double[in.length];
        if (out.length == 0) {
            return Tensor.wrap(out, outShape);
        }
        int innerLength = rank == 0 ? 1 : outShape[rank - 1];
        int innerStride = rank == 0 ? 0 : strides[rank - 1];
        int[] counter = new int[rank];
        int offsetIn = 0;
        for (int offsetOut = 0; offsetOut < out.length; offsetOut += innerLength) {
            for (int i = 0; i < innerLength; i++) {
                out[offsetOut + i] = in[offsetIn + i * innerStride];
            }
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                offsetIn += strides[axis];
                if (counter[axis] < outShape[axis]) {
                    break;
                }
                offsetIn -= strides[axis] * outShape[axis];
                counter[axis] = 0;
            }
        }
        return Tensor.wrap(out, outShape);
    }

    static Tensor slice(Tensor input, int axis, int start, int end) {
        int[] shape = input.shapeUnsafe();
        int resolved = Shapes.axis(axis, shape.length, "slice");
        if (start < 0 || end > shape[resolved] || start > end) {
            throw new IndexOutOfBoundsException("slice: range [" + start + ", " + end + ") is invalid for axis " + resolved
                    + " of shape " + Shapes.toString(shape) + "; it needs 0 <= start <= end <= " + shape[resolved]);
        }
        int outer = Shapes.product(shape, 0, resolved);
        int length = shape[resolved];
        int inner = Shapes.product(shape, resolved + 1, shape.length);
        int outLength = end - start;
        double[] in = input.data();
        double[] out = new double[outer * outLength * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(in, (o * length + start) * inner, out, o * outLength * inner, outLength * inner);
        }
        int[] outShape = shape.clone();
        outShape[resolved] = outLength;
        return Tensor.wrap(out, outShape);
    }

    static Tensor concat(int axis, Tensor[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int[] first = parts[0].shapeUnsafe();
        int resolved = Shapes.axis(axis, first.length, "concat");
        int total = 0;
        for (Tensor part : parts) {
            int[] shape = part.shapeUnsafe();
            boolean compatible = shape.length == first.length;
            for (int a = 0; compatible && a < shape.length; a++) {
                compatible = a == resolved || shape[a] == first[a];
            }
            if (!compatible) {
                throw new IllegalArgumentException("concat: shapes " + Shapes.toString(first) + " and " + Shapes.toString(shape)
                        + " differ outside axis " + resolved + "; all other dimensions must be equal");
            }
            total += shape[resolved];
        }
        int outer = Shapes.product(first, 0, resolved);
        int inner = Shapes.product(first, resolved + 1, first.length);
        double[] out = new double[outer * total * inner];
        int position = 0;
        for (Tensor part : parts) {
            int length = part.shapeUnsafe()[resolved];
            double[] in = part.data();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(in, o * length * inner, out, (o * total + position) * inner, length * inner);
            }
            position += length;
        }
        int[] outShape = first.clone();
        outShape[resolved] = total;
        return Tensor.wrap(out, outShape);
    }

    static Tensor gather(Tensor input, int axis, int[] indices) {
        int[] shape = input.shapeUnsafe();
        int resolved = Shapes.axis(axis, shape.length, "gather");
        int length = shape[resolved];
        requireIndices("gather", indices, length, resolved, shape);
        int outer = Shapes.product(shape, 0, resolved);
        int inner = Shapes.product(shape, resolved + 1, shape.length);
        double[] in = input.data();
        double[] out = new double[outer * indices.length * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < indices.length; j++) {
                System.arraycopy(in, (o * length + indices[j]) * inner, out, (o * indices.length + j) * inner, inner);
            }
        }
        int[] outShape = shape.clone();
        outShape[resolved] = indices.length;
        return Tensor.wrap(out, outShape);
    }

    static Tensor scatterAdd(Tensor input, int axis, int[] indices, int size) {
        int[] shape = input.shapeUnsafe();
        int resolved = Shapes.axis(axis, shape.length, "scatterAdd");
        if (shape[resolved] != indices.length) {
            throw new IllegalArgumentException("scatterAdd: axis " + resolved + " of shape " + Shapes.toString(shape) + " has "
                    + shape[resolved] + " entries but " + indices.length + " indices were given; pass one index per entry");
        }
        int[] outShape = shape.clone();
        outShape[resolved] = size;
        requireIndices("scatterAdd", indices, size, resolved, outShape);
        int outer = Shapes.product(shape, 0, resolved);
        int inner = Shapes.product(shape, resolved + 1, shape.length);
        double[] in = input.data();
        double[] out = new double[outer * size * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < indices.length; j++) {
                int from = (o * indices.length + j) * inner;
                int to = (o * size + indices[j]) * inner;
                for (int i = 0; i < inner; i++) {
                    out[to + i] += in[from + i];
                }
            }
        }
        return Tensor.wrap(out, outShape);
    }

    private static void requireIndices(String operation, int[] indices, int length, int axis, int[] shape) {
        for (int j = 0; j < indices.length; j++) {
            if (indices[j] < 0 || indices[j] >= length) {
                throw new IndexOutOfBoundsException(operation + ": index " + indices[j] + " at position " + j + " is out of range [0, "
                        + length + ") for axis " + axis + " of shape " + Shapes.toString(shape));
            }
        }
    }

    static Tensor broadcastTo(Tensor input, int[] target) {
        int[] shape = input.shapeUnsafe();
        int[] broadcast;
        try {
            broadcast = Shapes.broadcast("broadcastTo", shape, target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broadcastTo: shape " + Shapes.toString(shape) + " cannot be broadcast to "
                    + Shapes.toString(target), e);
        }
        if (!Arrays.equals(broadcast, target)) {
            throw new IllegalArgumentException("broadcastTo: shape " + Shapes.toString(shape) + " cannot be broadcast to "
                    + Shapes.toString(target) + ", because the two broadcast to " + Shapes.toString(broadcast));
        }
        int[] outShape = target.clone();
        if (Arrays.equals(shape, target)) {
            return input;
        }
        Elementwise.StridedPair pair = Elementwise.StridedPair.of(outShape, outShape, shape);
        int rank = pair.dims.length;
        int inner = pair.dims[rank - 1];
        int innerStride = pair.stridesB[rank - 1];
        double[] in = input.data();
        double[] out = new double[Shapes.size(outShape)];
        int[] counter = new int[rank];
        int offsetIn = 0;
        for (int offsetOut = 0; offsetOut < out.length; offsetOut += inner) {
            for (int i = 0; i < inner; i++) {
                out[offsetOut + i] = in[offsetIn + i * innerStride];
            }
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                offsetIn += pair.stridesB[axis];
                if (counter[axis] < pair.dims[axis]) {
                    break;
                }
                offsetIn -= pair.stridesB[axis] * pair.dims[axis];
                counter[axis] = 0;
            }
        }
        return Tensor.wrap(out, outShape);
    }
}
