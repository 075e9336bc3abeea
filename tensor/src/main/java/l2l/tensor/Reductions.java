package l2l.tensor;

import java.util.Arrays;

/**
 * Reductions: sums, maxima and softmax along an axis, and {@code sumTo}, the adjoint of
 * broadcasting. An axis reduction views the tensor as {@code [outer, length, inner]}, where
 * {@code length} is the reduced axis. Every sum adds its terms in a fixed order that depends only
 * on the shape.
 */
final class Reductions {

    private Reductions() {
    }

    /** Returns the sum of all elements, added in four interleaved running sums. */
    static double sum(double[] values) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= values.length; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < values.length; i++) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static Tensor sum(Tensor input, int axis, boolean keepDims) {
        int[] shape = input.shapeUnsafe();
        int resolved = Shapes.axis(axis, shape.length, "sum");
        int outer = Shapes.product(shape, 0, resolved);
        int length = shape[resolved];
        int inner = Shapes.product(shape, resolved + 1, shape.length);
        double[] in = input.data();
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            int outOffset = o * inner;
            for (int l = 0; l < length; l++) {
                int inOffset = (o * length + l) * inner;
                for (int i = 0; i < inner; i++) {
                    out[outOffset + i] += in[inOffset + i];
                }
            }
        }
        Elementwise.requireFinite("sum", out, reducedShape(shape, resolved, true), input);
        return Tensor.wrap(out, reducedShape(shape, resolved, keepDims));
    }

    static Tensor max(Tensor input, int axis, boolean keepDims) {
        int[] shape = input.shapeUnsafe();
        int resolved = Shapes.axis(axis, shape.length, "max");
        requireNonEmptyAxis("max", shape, resolved);
        int[] positions = argmax(input, resolved);
        double[] in = input.data();
        double[] out = new double[positions.length];
        int inner = Shapes.product(shape, resolved + 1, shape.length);
        int length = shape[resolved];
        for (int k = 0; k < positions.length; k++) {
            int o = k / inner;
            int i = k % inner;
            out[k] = in[(o * length + positions[k]) * inner + i];
        }
        return Tensor.wrap(out, reducedShape(shape, resolved, keepDims));
    }

    /**
     * Returns, for every position of the other axes in row-major order, the index along
     * {@code axis} of the largest element. Among equal maxima the first wins; a NaN counts as
     * larger than every number, so it is found.
     */
    static int[] argmax(Tensor input, int axis) {
        int[] shape = input.shapeUnsafe();
        int resolved = Shapes.axis(axis, shape.length, "argmax");
        requireNonEmptyAxis("argmax", shape, resolved);
        int outer = Shapes.product(shape, 0, resolved);
        int length = shape[resolved];
        int inner = Shapes.product(shape, resolved + 1, shape.length);
        double[] in = input.data();
        int[] out = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * length * inner + i;
                int best = 0;
                double bestValue = in[base];
                for (int l = 1; l < length && !Double.isNaN(bestValue); l++) {
                    double value = in[base + l * inner];
                    if (value > bestValue || Double.isNaN(value)) {
                        best = l;
                        bestValue = value;
                    }
                }
                out[o * inner + i] = best;
            }
        }
        return out;
    }

    /** Returns {@code log(softmax(x))} along {@code axis}, computed as {@code (x - max) - log(sum(exp(x - max)))}. */
    static Tensor logSoftmax(Tensor input, int axis) {
        int[] shape = input.shapeUnsafe();
        int resolved = Shapes.axis(axis, shape.length, "logSoftmax");
        requireNonEmptyAxis("logSoftmax", shape, resolved);
        int outer = Shapes.product(shape, 0, resolved);
        int length = shape[resolved];
        int inner = Shapes.product(shape, resolved + 1, shape.length);
        double[] in = input.data();
        double[] out = new double[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * length * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < length; l++) {
                    max = Math.max(max, in[base + l * inner]);
                }
                double sum = 0;
                for (int l = 0; l < length; l++) {
                    sum += Math.exp(in[base + l * inner] - max);
                }
                double logSum = Math.log(sum);
                for (int l = 0; l < length; l++) {
                    out[base + l * inner] = (in[base + l * inner] - max) - logSum;
                }
            }
        }
        return Tensor.wrap(out, input.shape());
    }

    static Tensor softmax(Tensor input, int axis) {
        double[] logValues = logSoftmax(input, axis).data();
        double[] out = new double[logValues.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(logValues[i]);
        }
        return Tensor.wrap(out, input.shape());
    }

    /**
     * Sums {@code input} down to {@code target}, a shape that broadcasts to the input's shape:
     * the adjoint of {@link Tensor#broadcastTo}. Axes missing from {@code target} or of size 1
     * there are summed over.
     */
    static Tensor sumTo(Tensor input, int[] target) {
        int[] shape = input.shapeUnsafe();
        int[] broadcast;
        try {
            broadcast = Shapes.broadcast("sumTo", shape, target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sumTo: shape " + Shapes.toString(shape) + " cannot be summed to "
                    + Shapes.toString(target) + ", because " + Shapes.toString(target) + " does not broadcast to it", e);
        }
        if (!Arrays.equals(broadcast, shape)) {
            throw new IllegalArgumentException("sumTo: shape " + Shapes.toString(shape) + " cannot be summed to "
                    + Shapes.toString(target) + ", because " + Shapes.toString(target) + " broadcasts to " + Shapes.toString(broadcast)
                    + ", not to the input's shape");
        }
        int[] resultShape = target.clone();
        if (Arrays.equals(shape, target)) {
            return input;
        }

        Elementwise.StridedPair pair = Elementwise.StridedPair.of(shape, shape, target);
        int rank = pair.dims.length;
        int inner = pair.dims[rank - 1];
        int innerOut = pair.stridesB[rank - 1];
        double[] in = input.data();
        double[] out = new double[Shapes.size(target)];
        int[] counter = new int[rank];
        int offsetOut = 0;
        for (int offsetIn = 0; offsetIn < in.length; offsetIn += inner) {
            if (innerOut == 0) {
                double sum = out[offsetOut];
                for (int i = 0; i < inner; i++) {
                    sum += in[offsetIn + i];
                }
                out[offsetOut] = sum;
            } else {
                for (int i = 0; i < inner; i++) {
                    out[offsetOut + i] += in[offsetIn + i];
                }
            }
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                offsetOut += pair.stridesB[axis];
                if (counter[axis] < pair.dims[axis]) {
                    break;
                }
                offsetOut -= pair.stridesB[axis] * pair.dims[axis];
                counter[axis] = 0;
            }
        }
        Elementwise.requireFinite("sumTo", out, resultShape, input);
        return Tensor.wrap(out, resultShape);
    }

    static int[] reducedShape(int[] shape, int axis, boolean keepDims) {
        if (keepDims) {
            int[] result = shape.clone();
            result[axis] = 1;
            return result;
        }
        int[] result = new int[shape.length - 1];
        System.arraycopy(shape, 0, result, 0, axis);
        System.arraycopy(shape, axis + 1, result, axis, shape.length - axis - 1);
        return result;
    }

    private static void requireNonEmptyAxis(String operation, int[] shape, int axis) {
        if (shape[axis] == 0) {
            throw new IllegalArgumentException(operation + ": axis " + axis + " of shape " + Shapes.toString(shape)
                    + " is empty, but " + operation + " needs at least one element along it");
        }
    }
}
