package l2l.tensor;

import java.util.Arrays;

/** Shape arithmetic and validation shared by the tensor operations. */
public final class Shapes {

    private Shapes() {
    }

    /**
     * Returns the number of elements of a tensor of this shape.
     *
     * @throws TensorSizeException if that is more than one Java array can store
     */
    public static int size(int... shape) {
        long size = 1;
        for (int dimension : shape) {
            size *= dimension;
            if (size > Integer.MAX_VALUE - 8) {
                throw new TensorSizeException("Shape " + toString(shape) + " has more than " + (Integer.MAX_VALUE - 8)
                        + " elements, the most one Java array holds");
            }
        }
        return (int) size;
    }

    /** Formats a shape as {@code [2, 3]}. */
    public static String toString(int... shape) {
        return Arrays.toString(shape);
    }

    /** Returns {@code shape} after checking that no dimension is negative. */
    static int[] checked(int[] shape) {
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("Shape " + toString(shape) + " has a negative dimension");
            }
        }
        size(shape);
        return shape;
    }

    /** Returns the axis in {@code [0, rank)} for an axis that may count from the end (-1 is the last). */
    static int axis(int axis, int rank, String operation) {
        int resolved = axis < 0 ? axis + rank : axis;
        if (resolved < 0 || resolved >= rank) {
            throw new IllegalArgumentException(operation + ": axis " + axis + " is out of range for rank " + rank);
        }
        return resolved;
    }

    /** Returns the row-major offset of {@code index} in a tensor of {@code shape}. */
    static int offset(int[] shape, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("Index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor of shape " + toString(shape) + " has rank " + shape.length);
        }
        int offset = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IndexOutOfBoundsException("Index " + Arrays.toString(index) + " is out of bounds for shape " + toString(shape));
            }
            offset = offset * shape[axis] + index[axis];
        }
        return offset;
    }

    /**
     * Returns the shape that {@code first} and {@code second} broadcast to under NumPy's rules:
     * align the trailing dimensions, and let a dimension of 1 or a missing leading dimension
     * stretch to the other's size.
     *
     * @throws IllegalArgumentException naming {@code operation} and both shapes if a pair of
     *     aligned dimensions differs and neither is 1
     */
    public static int[] broadcast(String operation, int[] first, int[] second) {
        int rank = Math.max(first.length, second.length);
        int[] result = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            int firstAxis = axis - (rank - first.length);
            int secondAxis = axis - (rank - second.length);
            int a = firstAxis >= 0 ? first[firstAxis] : 1;
            int b = secondAxis >= 0 ? second[secondAxis] : 1;
            if (a != b && a != 1 && b != 1) {
                throw new IllegalArgumentException(operation + ": shapes " + toString(first) + " and " + toString(second)
                        + " cannot be broadcast: aligned from the end, dimension " + a + " meets " + b
                        + ", and only equal sizes or 1 combine");
            }
            result[axis] = a == 1 ? b : a;
        }
        return result;
    }

    /** Returns the row-major strides of {@code shape}: the step in elements along each axis. */
    static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            strides[axis] = stride;
            stride *= shape[axis];
        }
        return strides;
    }

    /** Returns the index, one coordinate per axis, of the element at row-major {@code position}. */
    static int[] unravel(int position, int[] shape) {
        int[] index = new int[shape.length];
        int rest = position;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (shape[axis] > 0) {
                index[axis] = rest % shape[axis];
                rest /= shape[axis];
            }
        }
        return index;
    }

    /** Returns the product of {@code shape[from..to)}; 1 for an empty range. */
    static int product(int[] shape, int from, int to) {
        int product = 1;
        for (int axis = from; axis < to; axis++) {
            product *= shape[axis];
        }
        return product;
    }

    /** Resolves a reshape target that may contain one -1, checking that the element count is kept. */
    static int[] resolveReshape(int[] from, int[] to) {
        int[] resolved = to.clone();
        int inferred = -1;
        long known = 1;
        for (int axis = 0; axis < resolved.length; axis++) {
            if (resolved[axis] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: target " + toString(to) + " has more than one -1");
                }
                inferred = axis;
            } else if (resolved[axis] < 0) {
                throw new IllegalArgumentException("reshape: target " + toString(to) + " has a negative dimension");
            } else {
                known *= resolved[axis];
            }
        }
        int size = size(from);
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + toString(from) + " to " + toString(to));
            }
            resolved[inferred] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException("reshape: cannot reshape " + toString(from) + " (" + size + " elements) to "
                    + toString(to) + " (" + known + " elements)");
        }
        return resolved;
    }
}
