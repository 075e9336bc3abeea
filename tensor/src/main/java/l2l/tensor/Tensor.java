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
 *
 * <h2>Broadcasting</h2>
 *
 * The binary operations {@link #add(Tensor)}, {@link #sub(Tensor)}, {@link #mul(Tensor)} and
 * {@link #div(Tensor)} follow NumPy's rules: the shapes are aligned at their last dimension, a
 * missing leading dimension counts as 1, and a dimension of 1 stretches to the other operand's
 * size. Any other difference throws an {@link IllegalArgumentException} naming the operation and
 * both shapes. Examples:
 * <pre>
 * [n, k] + []           -> [n, k]         a scalar is added to every element
 * [n, k] + [k]          -> [n, k]         a row vector is added to every row
 * [n, k] + [n, 1]       -> [n, k]         a column vector is added to every column
 * [B, C, H, W] * [C, 1, 1] -> [B, C, H, W]  one factor per channel
 * [n, k] + [n]          -> error unless n == k, because [n] aligns with the last dimension
 * </pre>
 * {@link #sumTo(int...)} is the adjoint of broadcasting: it sums over the stretched dimensions.
 *
 * <h2>Non-finite values</h2>
 *
 * No operation turns finite inputs into a NaN or an infinity silently. {@link #log()} of a value
 * that is not positive, {@link #sqrt()} of a negative value and {@link #div} by zero throw an
 * {@link ArithmeticException} naming the operation and the position; so does any operation whose
 * finite inputs overflow the range of a double (for example {@code exp(800)}). NaN and infinite
 * inputs are not rejected: they propagate as IEEE 754 defines.
 *
 * <h2>Matrix products</h2>
 *
 * {@link #matmul}, {@link #transposedMatmul} and {@link #matmulTransposed} compute {@code A B},
 * {@code A^T B} and {@code A B^T} without materialising a transpose, for matrices
 * ({@code [n, k] x [k, m] -> [n, m]}) and batches ({@code [b, n, k] x [b, k, m] -> [b, n, m]},
 * where either side may also be a single matrix used for every batch entry). Products whose
 * right operand (for {@code A^T B}, whose result) has at most 131,072 elements use a vectorized
 * kernel of this module, and larger ones ojAlgo.
 * Large products use the threads set by {@link Parallelism}; results do not depend on their
 * number.
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

    /** Returns a one-dimensional tensor with the same elements. */
    public Tensor flatten() {
        return new Tensor(data, new int[] {data.length});
    }

    // ---- element-wise arithmetic, with broadcasting ----

    /** Returns {@code this + other}, broadcasting as described on the class. */
    public Tensor add(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.ADD, this, other);
    }

    /** Returns {@code this - other}, broadcasting as described on the class. */
    public Tensor sub(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.SUB, this, other);
    }

    /** Returns the element-wise product {@code this * other}, broadcasting as described on the class. */
    public Tensor mul(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.MUL, this, other);
    }

    /**
     * Returns the element-wise quotient {@code this / other}, broadcasting as described on the class.
     *
     * @throws ArithmeticException if an element of {@code other} is zero
     */
    public Tensor div(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.DIV, this, other);
    }

    /** Returns {@code this + value} for every element. */
    public Tensor add(double value) {
        return Elementwise.binary(Elementwise.Binary.ADD, this, value);
    }

    /** Returns {@code this - value} for every element. */
    public Tensor sub(double value) {
        return Elementwise.binary(Elementwise.Binary.SUB, this, value);
    }

    /** Returns {@code this * value} for every element. */
    public Tensor mul(double value) {
        return Elementwise.binary(Elementwise.Binary.MUL, this, value);
    }

    /**
     * Returns {@code this / value} for every element.
     *
     * @throws ArithmeticException if {@code value} is zero
     */
    public Tensor div(double value) {
        return Elementwise.binary(Elementwise.Binary.DIV, this, value);
    }

    /** Returns {@code -this}. */
    public Tensor neg() {
        return Elementwise.unary(Elementwise.Unary.NEG, this);
    }

    // ---- element-wise maps ----

    /**
     * Returns {@code e^x} for every element. Accurate to a few units in the last place.
     *
     * @throws ArithmeticException if a finite element exceeds about 709.78, where exp overflows
     */
    public Tensor exp() {
        return Elementwise.unary(Elementwise.Unary.EXP, this);
    }

    /**
     * Returns the natural logarithm of every element.
     *
     * @throws ArithmeticException if an element is zero or negative
     */
    public Tensor log() {
        return Elementwise.unary(Elementwise.Unary.LOG, this);
    }

    /** Returns {@code tanh(x)} for every element. Accurate to a few units in the last place. */
    public Tensor tanh() {
        return Elementwise.unary(Elementwise.Unary.TANH, this);
    }

    /** Returns {@code 1 / (1 + e^-x)} for every element; inputs below about -709.8 give exactly 0 rather than overflowing. */
    public Tensor sigmoid() {
        return Elementwise.unary(Elementwise.Unary.SIGMOID, this);
    }

    /** Returns {@code max(x, 0)} for every element. */
    public Tensor relu() {
        return Elementwise.unary(Elementwise.Unary.RELU, this);
    }

    /** Returns {@code |x|} for every element. */
    public Tensor abs() {
        return Elementwise.unary(Elementwise.Unary.ABS, this);
    }

    /** Returns -1, 0 or 1 for every element by its sign ({@link Math#signum}). */
    public Tensor sign() {
        return Elementwise.unary(Elementwise.Unary.SIGN, this);
    }

    /**
     * Returns the square root of every element.
     *
     * @throws ArithmeticException if an element is negative
     */
    public Tensor sqrt() {
        return Elementwise.unary(Elementwise.Unary.SQRT, this);
    }

    /** Returns {@code x * x} for every element. */
    public Tensor square() {
        return Elementwise.unary(Elementwise.Unary.SQUARE, this);
    }

    /** Returns every element limited to {@code [min, max]}. */
    public Tensor clamp(double min, double max) {
        return Elementwise.clamp(this, min, max);
    }

    /** Returns 1.0 where an element is greater than {@code threshold} and 0.0 elsewhere. */
    public Tensor greaterThan(double threshold) {
        return Elementwise.greaterThan(this, threshold);
    }

    // ---- reductions ----

    /** Returns the sum of all elements as a scalar (0 for an empty tensor). */
    public Tensor sum() {
        double sum = Reductions.sum(data);
        Elementwise.requireFinite("sum", new double[] {sum}, new int[0], this);
        return scalar(sum);
    }

    /**
     * Returns the sums along {@code axis}; a negative axis counts from the end. With
     * {@code keepDims} the axis stays with size 1, for example {@code [n, k] -> [n, 1]}; without,
     * it is removed, {@code [n, k] -> [n]}.
     */
    public Tensor sum(int axis, boolean keepDims) {
        return Reductions.sum(this, axis, keepDims);
    }

    /** Returns the mean of all elements as a scalar. */
    public Tensor mean() {
        if (data.length == 0) {
            throw new IllegalArgumentException("mean: tensor of shape " + Shapes.toString(shape) + " is empty, so it has no mean");
        }
        return scalar(sum().item() / data.length);
    }

    /** Returns the means along {@code axis}; {@code keepDims} as for {@link #sum(int, boolean)}. */
    public Tensor mean(int axis, boolean keepDims) {
        int length = shape[Shapes.axis(axis, shape.length, "mean")];
        if (length == 0) {
            throw new IllegalArgumentException("mean: axis " + axis + " of shape " + Shapes.toString(shape) + " is empty, so it has no mean");
        }
        return sum(axis, keepDims).div(length);
    }

    /** Returns the maxima along {@code axis}; {@code keepDims} as for {@link #sum(int, boolean)}. */
    public Tensor max(int axis, boolean keepDims) {
        return Reductions.max(this, axis, keepDims);
    }

    /**
     * Returns the index along {@code axis} of the largest element, for every position of the
     * other axes in row-major order; for a matrix and axis 1, the column of each row's maximum.
     * Among equal maxima the first wins.
     */
    public int[] argmax(int axis) {
        return Reductions.argmax(this, axis);
    }

    /** Returns the softmax along {@code axis}: {@code exp(x) / sum(exp(x))}, computed stably. */
    public Tensor softmax(int axis) {
        return Reductions.softmax(this, axis);
    }

    /** Returns {@code log(softmax(x))} along {@code axis}, computed as {@code (x - max) - log(sum(exp(x - max)))}. */
    public Tensor logSoftmax(int axis) {
        return Reductions.logSoftmax(this, axis);
    }

    /**
     * Returns this tensor summed down to {@code target}, a shape that broadcasts to this one:
     * the adjoint of {@link #broadcastTo}. For example {@code [n, k] -> [k]} sums the rows and
     * {@code [B, C, H, W] -> [C, 1, 1]} sums everything but the channels.
     */
    public Tensor sumTo(int... target) {
        return Reductions.sumTo(this, target);
    }

    /** Returns this tensor repeated along the stretched dimensions of {@code target}, by the broadcasting rules. */
    public Tensor broadcastTo(int... target) {
        return Layout.broadcastTo(this, target);
    }

    // ---- matrix products ----

    /** Returns the matrix product {@code this other}: {@code [n, k] x [k, m] -> [n, m]}, or batched as described on the class. */
    public Tensor matmul(Tensor other) {
        return MatrixProduct.multiply(MatrixProduct.Variant.PLAIN, this, other);
    }

    /** Returns {@code this^T other}: {@code [k, n]^T x [k, m] -> [n, m]}, without forming the transpose. */
    public Tensor transposedMatmul(Tensor other) {
        return MatrixProduct.multiply(MatrixProduct.Variant.TRANSPOSE_A, this, other);
    }

    /** Returns {@code this other^T}: {@code [n, k] x [m, k]^T -> [n, m]}, without forming the transpose of {@code other}. */
    public Tensor matmulTransposed(Tensor other) {
        return MatrixProduct.multiply(MatrixProduct.Variant.TRANSPOSE_B, this, other);
    }

    // ---- layout ----

    /** Returns the transpose of a matrix: {@code [n, m] -> [m, n]}. */
    public Tensor transpose() {
        return Layout.transpose2d(this);
    }

    /** Returns this tensor with axes {@code first} and {@code second} swapped. */
    public Tensor transpose(int first, int second) {
        int[] order = new int[shape.length];
        for (int axis = 0; axis < order.length; axis++) {
            order[axis] = axis;
        }
        int a = Shapes.axis(first, shape.length, "transpose");
        int b = Shapes.axis(second, shape.length, "transpose");
        order[a] = b;
        order[b] = a;
        return Layout.permute(this, order);
    }

    /** Returns this tensor with its axes reordered: axis {@code i} of the result is axis {@code order[i]} of this one. */
    public Tensor permute(int... order) {
        return Layout.permute(this, order);
    }

    /** Returns the entries {@code [start, end)} along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        return Layout.slice(this, axis, start, end);
    }

    /** Returns the tensors joined along {@code axis}; all other dimensions must be equal. */
    public static Tensor concat(int axis, Tensor... parts) {
        return Layout.concat(axis, parts);
    }

    /**
     * Returns the entries at {@code indices} along {@code axis}, in that order; an index may
     * repeat. For a matrix and axis 0 this selects rows: {@code [n, k] -> [indices.length, k]}.
     */
    public Tensor gather(int axis, int[] indices) {
        return Layout.gather(this, axis, indices);
    }

    /**
     * Returns a tensor with {@code size} entries along {@code axis}, zero except that entry
     * {@code j} of this tensor is added at {@code indices[j]}: the adjoint of
     * {@link #gather(int, int[])}.
     */
    public Tensor scatterAdd(int axis, int[] indices, int size) {
        return Layout.scatterAdd(this, axis, indices, size);
    }

    /** Returns whether every element is finite (neither NaN nor infinite). */
    public boolean isFinite() {
        return VectorMath.allFinite(data);
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
