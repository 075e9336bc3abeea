package l2l.tensor;

import java.util.Arrays;

/**
 * An immutable dense tensor of doubles with a shape of any rank, stored row-major.
 *
 * <p>A scalar has shape {@code []} and one element, a vector {@code [n]}, a matrix
 * {@code [rows, columns]}, a batch of images {@code [B, C, H, W]}. Every operation returns a new
 * tensor and never changes its operands, so a tensor can be shared freely between threads.
 *
 * <p>Factories that take an array copy it; {@link #toArray()} returns a copy. Code inside this
 * module builds results in fresh arrays and hands them over with {@link #wrap} without copying.
 */
public final class Tensor {

    private final double[] data;
    private final int[] shape;

    private Tensor(double[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** Returns a tensor of the given shape that takes ownership of {@code data} without copying. */
    static Tensor wrap(double[] data, int... shape) {
        int[] checkedShape = Shapes.checked(shape);
        int size = Shapes.size(checkedShape);
        if (data.length != size) {
            throw new IllegalArgumentException(
                    "Tensor: " + data.length + " values do not fill shape " + Shapes.toString(checkedShape) + " of " + size + " elements");
        }
        return new Tensor(data, checkedShape);
    }

    /** Returns a tensor of the given shape holding a copy of {@code data}, read row-major. */
    public static Tensor of(double[] data, int... shape) {
        return wrap(data.clone(), shape.clone());
    }

    /** Returns a tensor of shape {@code []} holding {@code value}. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, new int[0]);
    }

    /** Returns a tensor of shape {@code [values.length]}. */
    public static Tensor vector(double... values) {
        return new Tensor(values.clone(), new int[] {values.length});
    }

    /** Returns a tensor of shape {@code [rows.length, rows[0].length]}; every row must have the same length. */
    public static Tensor matrix(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("Tensor.matrix: no rows given; use Tensor.zeros(0, columns) for an empty matrix");
        }
        int columns = rows[0].length;
        double[] data = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException(
                        "Tensor.matrix: row " + i + " has " + rows[i].length + " values but row 0 has " + columns);
            }
            System.arraycopy(rows[i], 0, data, i * columns, columns);
        }
        return new Tensor(data, new int[] {rows.length, columns});
    }

    /** Returns a tensor of the given shape filled with zeros. */
    public static Tensor zeros(int... shape) {
        int[] checkedShape = Shapes.checked(shape.clone());
        return new Tensor(new double[Shapes.size(checkedShape)], checkedShape);
    }

    /** Returns a tensor of the given shape filled with ones. */
    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    /** Returns a tensor of the given shape with every element equal to {@code value}. */
    public static Tensor full(double value, int... shape) {
        int[] checkedShape = Shapes.checked(shape.clone());
        double[] data = new double[Shapes.size(checkedShape)];
        Arrays.fill(data, value);
        return new Tensor(data, checkedShape);
    }

    /** Returns a copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Returns the number of dimensions: 0 for a scalar, 1 for a vector, 2 for a matrix. */
    public int rank() {
        return shape.length;
    }

    /** Returns the size of dimension {@code axis}; a negative axis counts from the end. */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length, "dim")];
    }

    /** Returns the number of elements, the product of the dimensions (1 for a scalar). */
    public int size() {
        return data.length;
    }

    /** Returns whether this tensor has exactly the given shape. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** Returns the element at the given index, one coordinate per dimension. */
    public double get(int... index) {
        return data[Shapes.offset(shape, index)];
    }

    /** Returns the element at row-major position {@code position}, ignoring the shape. */
    public double getFlat(int position) {
        return data[position];
    }

    /** Returns the only element of a one-element tensor of any rank. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("Tensor.item: tensor of shape " + Shapes.toString(shape) + " has " + data.length
                    + " elements, not 1");
        }
        return data[0];
    }

    /** Returns a copy of the elements in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    /** Copies the elements in row-major order into {@code target}, starting at {@code offset}. */
    public void copyTo(double[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    /**
     * Returns the backing array without copying, for kernels inside this module. Callers must not
     * write to it.
     */
    double[] data() {
        return data;
    }

    /** Returns the backing shape without copying, for kernels inside this module. */
    int[] shapeUnsafe() {
        return shape;
    }

    /** Returns a tensor with the same elements in the given shape; one dimension may be -1 to infer it. */
    public Tensor reshape(int... newShape) {
        int[] resolved = Shapes.resolveReshape(shape, newShape);
        return new Tensor(data, resolved);
    }

    /** Returns whether every element is finite (neither NaN nor infinite). */
    public boolean isFinite() {
        for (double value : data) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether both tensors have the same shape and bitwise equal elements ({@link
     * Double#compare} semantics, so NaN equals NaN and 0.0 differs from -0.0).
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Tensor)) {
            return false;
        }
        Tensor that = (Tensor) other;
        return Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** Returns the shape and, for up to 16 elements, the values; for example {@code Tensor[2, 2] [1.0, 2.0, 3.0, 4.0]}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Tensor").append(Shapes.toString(shape));
        if (data.length <= 16) {
            text.append(' ').append(Arrays.toString(data));
        } else {
            text.append(" [").append(data[0]).append(", ").append(data[1]).append(", ..., ").append(data[data.length - 1])
                    .append("]");
        }
        return text.toString();
    }
}
