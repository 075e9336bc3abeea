package l2l.tensor;

import java.util.Arrays;

/** Element-wise kernels: binary arithmetic with broadcasting, and unary maps. */
final class Elementwise {

    enum Binary {
        ADD("add"), SUB("sub"), MUL("mul"), DIV("div");

        final String operation;

        Binary(String operation) {
            this.operation = operation;
        }
    }

    enum Unary {
        NEG("neg"), EXP("exp"), LOG("log"), TANH("tanh"), SIGMOID("sigmoid"), RELU("relu"), ABS("abs"), SIGN("sign"),
        SQRT("sqrt"), SQUARE("square");

        final String operation;

        Unary(String operation) {
            this.operation = operation;
        }
    }

    private Elementwise() {
    }

    /** Elements per block of a parallel element-wise loop. */
    private static final int RANGE_BLOCK = 1 << 15;

    /** The work on elements {@code [from, to)} of a contiguous element-wise loop. */
    private interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, length)} in blocks of {@link #RANGE_BLOCK} elements, on
     * several threads when there are at least two blocks. Every element is computed alone, so
     * the result does not depend on the split.
     */
    private static void forEachRange(int length, RangeTask task) {
        int blocks = (length + RANGE_BLOCK - 1) / RANGE_BLOCK;
        if (blocks < 2) {
            task.run(0, length);
            return;
        }
        Parallelism.forEachBlock(blocks, block -> task.run(block * RANGE_BLOCK, Math.min(length, (block + 1) * RANGE_BLOCK)));
    }

    static Tensor binary(Binary op, Tensor left, Tensor right) {
        int[] leftShape = left.shapeUnsafe();
        int[] rightShape = right.shapeUnsafe();
        int[] shape = Shapes.broadcast(op.operation, leftShape, rightShape);
        if (op == Binary.DIV) {
            requireNonZeroDivisor(right);
        }
        double[] a = left.data();
        double[] b = right.data();
        double[] out = new double[Shapes.size(shape)];

        if (Arrays.equals(leftShape, rightShape)) {
            forEachRange(out.length, (from, to) -> applySameShape(op, a, b, out, from, to));
        } else if (b.length == 1 && a.length == out.length) {
            forEachRange(out.length, (from, to) -> applyScalarRight(op, a, b[0], out, from, to));
        } else if (a.length == 1 && b.length == out.length) {
            forEachRange(out.length, (from, to) -> applyScalarLeft(op, a[0], b, out, from, to));
        } else {
            applyBroadcast(op, left, right, shape, out);
        }
        requireFinite(op.operation, out, shape, left, right);
        return Tensor.wrap(out, shape);
    }

    static Tensor binary(Binary op, Tensor left, double right) {
        if (op == Binary.DIV && right == 0) {
            throw new ArithmeticException("div: division by zero: the divisor is the scalar 0.0");
        }
        double[] out = new double[left.size()];
        double[] a = left.data();
        forEachRange(out.length, (from, to) -> applyScalarRight(op, a, right, out, from, to));
        requireFinite(op.operation, out, left.shapeUnsafe(), left, Tensor.scalar(right));
        return Tensor.wrap(out, left.shape());
    }

    private static void requireNonZeroDivisor(Tensor divisor) {
        double[] values = divisor.data();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 0) {
                throw new ArithmeticException("div: division by zero: the divisor of shape " + Shapes.toString(divisor.shapeUnsafe())
                        + " is 0.0 at index " + Arrays.toString(Shapes.unravel(i, divisor.shapeUnsafe()))
                        + "; add a small positive constant to the divisor or mask those elements");
            }
        }
    }

    private static void applySameShape(Binary op, double[] a, double[] b, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + b[i];
                }
                break;
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] - b[i];
                }
                break;
            case MUL:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] * b[i];
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] / b[i];
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    private static void applyScalarRight(Binary op, double[] a, double b, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + b;
                }
                break;
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] - b;
                }
                break;
            case MUL:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] * b;
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] / b;
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    private static void applyScalarLeft(Binary op, double a, double[] b, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) {
                    out[i] = a + b[i];
                }
                break;
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = a - b[i];
                }
                break;
            case MUL:
                for (int i = from; i < to; i++) {
                    out[i] = a * b[i];
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = a / b[i];
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /**
     * Applies {@code op} where the operands differ in shape. Each operand gets a stride of 0 along
     * the axes it is stretched over; the innermost axis runs in a tight loop and an odometer walks
     * the outer axes.
     */
    private static void applyBroadcast(Binary op, Tensor left, Tensor right, int[] shape, double[] out) {
        StridedPair pair = StridedPair.of(shape, left.shapeUnsafe(), right.shapeUnsafe());
        int rank = pair.dims.length;
        int inner = pair.dims[rank - 1];
        int innerA = pair.stridesA[rank - 1];
        int innerB = pair.stridesB[rank - 1];
        int[] counter = new int[rank];
        int offsetA = 0;
        int offsetB = 0;
        double[] a = left.data();
        double[] b = right.data();
        for (int offsetOut = 0; offsetOut < out.length; offsetOut += inner) {
            applyStrided(op, a, offsetA, innerA, b, offsetB, innerB, out, offsetOut, inner);
            for (int axis = rank - 2; axis >= 0; axis--) {
                counter[axis]++;
                offsetA += pair.stridesA[axis];
                offsetB += pair.stridesB[axis];
                if (counter[axis] < pair.dims[axis]) {
                    break;
                }
                offsetA -= pair.stridesA[axis] * pair.dims[axis];
                offsetB -= pair.stridesB[axis] * pair.dims[axis];
                counter[axis] = 0;
            }
        }
    }

    private static void applyStrided(Binary op, double[] a, int offsetA, int strideA, double[] b, int offsetB, int strideB,
            double[] out, int offsetOut, int length) {
        switch (op) {
            case ADD:
                for (int i = 0; i < length; i++) {
                    out[offsetOut + i] = a[offsetA + i * strideA] + b[offsetB + i * strideB];
                }
                break;
            case SUB:
                for (int i = 0; i < length; i++) {
                    out[offsetOut + i] = a[offsetA + i * strideA] - b[offsetB + i * strideB];
                }
                break;
            case MUL:
                for (int i = 0; i < length; i++) {
                    out[offsetOut + i] = a[offsetA + i * strideA] * b[offsetB + i * strideB];
                }
                break;
            case DIV:
                for (int i = 0; i < length; i++) {
                    out[offsetOut + i] = a[offsetA + i * strideA] / b[offsetB + i * strideB];
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    static Tensor unary(Unary op, Tensor input) {
        double[] in = input.data();
        double[] out = new double[in.length];
        switch (op) {
            case NEG:
                forEachRange(in.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = -in[i];
                    }
                });
                break;
            case EXP:
                forEachRange(in.length, (from, to) -> VectorMath.exp(in, from, out, from, to - from));
                break;
            case LOG:
                for (int i = 0; i < in.length; i++) {
                    if (in[i] <= 0) {
                        throw new ArithmeticException("log: element " + in[i] + " at index " + Arrays.toString(Shapes.unravel(i, input.shapeUnsafe()))
                                + " is not positive, so its logarithm is not a finite number; clamp the input to a positive minimum first");
                    }
                    out[i] = Math.log(in[i]);
                }
                break;
            case TANH:
                forEachRange(in.length, (from, to) -> VectorMath.tanh(in, from, out, from, to - from));
                break;
            case SIGMOID:
                forEachRange(in.length, (from, to) -> VectorMath.sigmoid(in, from, out, from, to - from));
                break;
            case RELU:
                forEachRange(in.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = in[i] > 0 ? in[i] : 0.0;
                    }
                });
                break;
            case ABS:
                for (int i = 0; i < in.length; i++) {
                    out[i] = Math.abs(in[i]);
                }
                break;
            case SIGN:
                for (int i = 0; i < in.length; i++) {
                    out[i] = Math.signum(in[i]);
                }
                break;
            case SQRT:
                for (int i = 0; i < in.length; i++) {
                    if (in[i] < 0) {
                        throw new ArithmeticException("sqrt: element " + in[i] + " at index " + Arrays.toString(Shapes.unravel(i, input.shapeUnsafe()))
                                + " is negative, so its square root is not a real number; clamp the input to zero or above first");
                    }
                    out[i] = Math.sqrt(in[i]);
                }
                break;
            case SQUARE:
                forEachRange(in.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = in[i] * in[i];
                    }
                });
                break;
            default:
                throw new AssertionError(op);
        }
        requireFinite(op.operation, out, input.shapeUnsafe(), input);
        return Tensor.wrap(out, input.shape());
    }

    static Tensor clamp(Tensor input, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " must not exceed max " + max);
        }
        double[] in = input.data();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Math.min(Math.max(in[i], min), max);
        }
        return Tensor.wrap(out, input.shape());
    }

    static Tensor greaterThan(Tensor input, double threshold) {
        double[] in = input.data();
        double[] out = new double[in.length];
        forEachRange(in.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = in[i] > threshold ? 1.0 : 0.0;
            }
        });
        return Tensor.wrap(out, input.shape());
    }

    /**
     * Throws if {@code out} contains a NaN or an infinity although every input is finite, which
     * means the computation overflowed. Non-finite inputs propagate without an error.
     */
    static void requireFinite(String operation, double[] out, int[] shape, Tensor... inputs) {
        if (allFinite(out)) {
            return;
        }
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                for (Tensor input : inputs) {
                    if (!input.isFinite()) {
                        return;
                    }
                }
                throw new ArithmeticException(operation + ": the result at index " + Arrays.toString(Shapes.unravel(i, shape)) + " is "
                        + out[i] + " although every input is finite, because it exceeds the range of a double; scale the inputs down");
            }
        }
    }

    /** Returns whether every element of {@code values} is finite, checking blocks on several threads when there are two or more. */
    private static boolean allFinite(double[] values) {
        int blocks = (values.length + RANGE_BLOCK - 1) / RANGE_BLOCK;
        if (blocks < 2) {
            return VectorMath.allFinite(values);
        }
        boolean[] finite = new boolean[blocks];
        forEachRange(values.length, (from, to) -> finite[from / RANGE_BLOCK] = VectorMath.allFinite(values, from, to));
        for (boolean blockFinite : finite) {
            if (!blockFinite) {
                return false;
            }
        }
        return true;
    }

    /**
     * The output shape of a broadcast with the row-major strides of both operands, 0 along the
     * axes an operand is stretched over. Axes of size 1 are dropped and neighbouring axes that
     * both operands traverse contiguously are merged, so the innermost loop is as long as possible.
     */
    static final class StridedPair {

        final int[] dims;
        final int[] stridesA;
        final int[] stridesB;

        private StridedPair(int[] dims, int[] stridesA, int[] stridesB) {
            this.dims = dims;
            this.stridesA = stridesA;
            this.stridesB = stridesB;
        }

        static StridedPair of(int[] shape, int[] shapeA, int[] shapeB) {
            int[] stridesA = broadcastStrides(shapeA, shape);
            int[] stridesB = broadcastStrides(shapeB, shape);
            int[] dims = new int[shape.length + 1];
            int[] mergedA = new int[shape.length + 1];
            int[] mergedB = new int[shape.length + 1];
            int count = 0;
            for (int axis = 0; axis < shape.length; axis++) {
                if (shape[axis] == 1) {
                    continue;
                }
                if (count > 0 && mergedA[count - 1] == stridesA[axis] * shape[axis] && mergedB[count - 1] == stridesB[axis] * shape[axis]) {
                    dims[count - 1] *= shape[axis];
                    mergedA[count - 1] = stridesA[axis];
                    mergedB[count - 1] = stridesB[axis];
                } else {
                    dims[count] = shape[axis];
                    mergedA[count] = stridesA[axis];
                    mergedB[count] = stridesB[axis];
                    count++;
                }
            }
            if (count == 0) {
                dims[0] = 1;
                count = 1;
            }
            return new StridedPair(Arrays.copyOf(dims, count), Arrays.copyOf(mergedA, count), Arrays.copyOf(mergedB, count));
        }

        /** Returns the strides of {@code operand} aligned to the trailing axes of {@code shape}, 0 where it stretches. */
        static int[] broadcastStrides(int[] operand, int[] shape) {
            int[] own = Shapes.strides(operand);
            int[] strides = new int[shape.length];
            int shift = shape.length - operand.length;
            for (int axis = shift; axis < shape.length; axis++) {
                strides[axis] = operand[axis - shift] == 1 ? 0 : own[axis - shift];
            }
            return strides;
        }
    }
}
