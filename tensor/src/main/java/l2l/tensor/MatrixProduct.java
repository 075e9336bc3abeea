package l2l.tensor;

import java.util.Arrays;

import org.ojalgo.matrix.store.R064Store;

/**
 * Matrix products: {@code A B}, {@code A^T B} and {@code A B^T}, for matrices and for batches.
 *
 * <p>Accepted shapes, with {@code op(A)} of shape {@code [n, k]} and {@code op(B)} of shape
 * {@code [k, m]}: two matrices give {@code [n, m]}; two batches {@code [b, ., .]} with equal
 * {@code b} give {@code [b, n, m]}; a matrix and a batch give {@code [b, n, m]}, the matrix
 * being used with every entry of the batch.
 *
 * <p>Routes, chosen from the shapes alone:
 * <ul>
 *   <li>The register-blocked {@link GemmKernel} when the data that every tile rereads stays in a
 *       core's cache, that is, has at most {@link #KERNEL_MAX_ELEMENTS} elements (1 MiB): for
 *       {@code A B} and {@code A B^T} the {@code [k, m]} right operand; for {@code A^T B} the
 *       {@code [n, m]} result and a block of {@link #DEPTH_BLOCK} rows of B. {@code A B^T} first
 *       copies B transposed. {@code A^T B} reads A through strides and sums over the rows of A in
 *       chunks of {@link #REDUCTION_CHUNK}, whose partial products are added in chunk order.
 *   <li>Otherwise ojAlgo's {@code R064Store.fillByMultiplying}, using
 *       {@code C = A B <=> C^T = B^T A^T} so that the row-major buffers are read as column-major
 *       stores without copying (batch entries other than the first are copied out).
 * </ul>
 * The two routes round differently (the kernel uses fused multiply-adds), but each gives the same
 * bits for the same shapes and values on every run and for every thread count.
 */
final class MatrixProduct {

    /** Largest operand, in elements (1 MiB of doubles), that the kernel rereads from cache; see the class comment. */
    static final int KERNEL_MAX_ELEMENTS = 1 << 17;
    /** Rows of A summed into one partial product of {@code A^T B}. */
    static final int REDUCTION_CHUNK = 4096;
    /** Rows of A that one kernel call of {@code A^T B} sums before it stores its accumulators. */
    static final int DEPTH_BLOCK = 256;
    /** Rows of C per parallel task; a multiple of the kernel's tile height. */
    private static final int ROW_BLOCK = 16 * GemmKernel.TILE_ROWS;
    /** Products with fewer multiply-adds than this run on the calling thread. */
    private static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 18;

    enum Variant {
        PLAIN("matmul", "A B"), TRANSPOSE_A("transposedMatmul", "A^T B"), TRANSPOSE_B("matmulTransposed", "A B^T");

        final String operation;
        final String formula;

        Variant(String operation, String formula) {
            this.operation = operation;
            this.formula = formula;
        }
    }

    private MatrixProduct() {
    }

    static Tensor multiply(Variant variant, Tensor left, Tensor right) {
        int[] aShape = left.shapeUnsafe();
        int[] bShape = right.shapeUnsafe();
        boolean validRanks = (aShape.length == 2 || aShape.length == 3) && (bShape.length == 2 || bShape.length == 3);
        if (!validRanks) {
            throw new IllegalArgumentException(variant.operation + ": expected matrices [n, k] or batches [b, n, k], got shapes "
                    + Shapes.toString(aShape) + " and " + Shapes.toString(bShape));
        }
        int batch = 1;
        if (aShape.length == 3 && bShape.length == 3 && aShape[0] != bShape[0]) {
            throw new IllegalArgumentException(variant.operation + ": batch sizes differ: " + Shapes.toString(aShape) + " and "
                    + Shapes.toString(bShape));
        }
        if (aShape.length == 3) {
            batch = aShape[0];
        } else if (bShape.length == 3) {
            batch = bShape[0];
        }
        int aRows = aShape[aShape.length - 2];
        int aColumns = aShape[aShape.length - 1];
        int bRows = bShape[bShape.length - 2];
        int bColumns = bShape[bShape.length - 1];
        int n = variant == Variant.TRANSPOSE_A ? aColumns : aRows;
        int k = variant == Variant.TRANSPOSE_A ? aRows : aColumns;
        int bInner = variant == Variant.TRANSPOSE_B ? bColumns : bRows;
        int m = variant == Variant.TRANSPOSE_B ? bRows : bColumns;
        if (k != bInner) {
            throw new IllegalArgumentException(variant.operation + ": inner dimensions of " + variant.formula + " differ: "
                    + Shapes.toString(aShape) + " and " + Shapes.toString(bShape) + " give " + k + " and " + bInner);
        }

        int aStride = aShape.length == 3 ? aRows * aColumns : 0;
        int bStride = bShape.length == 3 ? bRows * bColumns : 0;
        int[] outShape = aShape.length == 2 && bShape.length == 2 ? new int[] {n, m} : new int[] {batch, n, m};
        double[] out = new double[Shapes.size(outShape)];
        Product product = new Product(variant, left.data(), aRows, aColumns, right.data(), bRows, bColumns, n, k, m);
        long multiplyAdds = (long) batch * n * k * m;
        if (batch > 1 && multiplyAdds >= PARALLEL_MIN_MULTIPLY_ADDS) {
            int entries = batch;
            Parallelism.forEachBlock(entries, entry -> product.compute(entry * aStride, entry * bStride, out, entry * n * m, false));
        } else {
            for (int entry = 0; entry < batch; entry++) {
                product.compute(entry * aStride, entry * bStride, out, entry * n * m, multiplyAdds >= PARALLEL_MIN_MULTIPLY_ADDS);
            }
        }
        Elementwise.requireFinite(variant.operation, out, outShape, left, right);
        return Tensor.wrap(out, outShape);
    }

    /** One two-dimensional product {@code op(A) [n, k] x op(B) [k, m]}, applied to batch entries by offset. */
    private static final class Product {

        final Variant variant;
        final double[] a;
        final int aRows;
        final int aColumns;
        final double[] b;
        final int bRows;
        final int bColumns;
        final int n;
        final int k;
        final int m;

        Product(Variant variant, double[] a, int aRows, int aColumns, double[] b, int bRows, int bColumns, int n, int k, int m) {
            this.variant = variant;
            this.a = a;
            this.aRows = aRows;
            this.aColumns = aColumns;
            this.b = b;
            this.bRows = bRows;
            this.bColumns = bColumns;
            this.n = n;
            this.k = k;
            this.m = m;
        }

        void compute(int aOffset, int bOffset, double[] c, int cOffset, boolean parallel) {
            if (n == 0 || m == 0) {
                return;
            }
            if (!fitsKernel()) {
                computeWithOjAlgo(aOffset, bOffset, c, cOffset);
                return;
            }
            switch (variant) {
                case PLAIN:
                    multiplyRows(new GemmKernel.Operands(a, aOffset, k, 1, b, bOffset, m, c, cOffset, m, k, m, false), parallel);
                    break;
                case TRANSPOSE_B: {
                    double[] transposed = new double[k * m];
                    Layout.transpose(b, bOffset, m, k, transposed, 0);
                    multiplyRows(new GemmKernel.Operands(a, aOffset, k, 1, transposed, 0, m, c, cOffset, m, k, m, false), parallel);
                    break;
                }
                case TRANSPOSE_A:
                    multiplyTransposedA(aOffset, bOffset, c, cOffset, parallel);
                    break;
                default:
                    throw new AssertionError(variant);
            }
        }

        private boolean fitsKernel() {
            if (variant == Variant.TRANSPOSE_A) {
                return (long) n * m <= KERNEL_MAX_ELEMENTS && (long) DEPTH_BLOCK * m <= KERNEL_MAX_ELEMENTS;
            }
            return (long) k * m <= KERNEL_MAX_ELEMENTS;
        }

        private void multiplyRows(GemmKernel.Operands operands, boolean parallel) {
            int blocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
            if (!parallel || blocks < 2) {
                GemmKernel.multiply(operands, 0, n);
                return;
            }
            Parallelism.forEachBlock(blocks, block -> GemmKernel.multiply(operands, block * ROW_BLOCK, Math.min(n, (block + 1) * ROW_BLOCK)));
        }

        /**
         * Computes {@code A^T B}, where A is {@code [k, n]} and B is {@code [k, m]} row-major: the sum
         * over the k rows of the outer products of a row of A with the same row of B.
         */
        private void multiplyTransposedA(int aOffset, int bOffset, double[] c, int cOffset, boolean parallel) {
            if (k <= REDUCTION_CHUNK) {
                sumOuterProducts(aOffset, bOffset, 0, k, c, cOffset);
                return;
            }
            int chunks = (k + REDUCTION_CHUNK - 1) / REDUCTION_CHUNK;
            double[][] partials = new double[chunks][];
            Parallelism.BlockTask task = chunk -> {
                int first = chunk * REDUCTION_CHUNK;
                double[] partial = new double[n * m];
                sumOuterProducts(aOffset, bOffset, first, Math.min(k, first + REDUCTION_CHUNK), partial, 0);
                partials[chunk] = partial;
            };
            if (parallel) {
                Parallelism.forEachBlock(chunks, task);
            } else {
                for (int chunk = 0; chunk < chunks; chunk++) {
                    task.run(chunk);
                }
            }
            System.arraycopy(partials[0], 0, c, cOffset, n * m);
            for (int chunk = 1; chunk < chunks; chunk++) {
                double[] partial = partials[chunk];
                for (int i = 0; i < n * m; i++) {
                    c[cOffset + i] += partial[i];
                }
            }
        }

        /**
         * Writes the sum over rows {@code [first, end)} of A and B of their outer products to
         * {@code target}. The rows go to the kernel {@link #DEPTH_BLOCK} at a time, so the slice of
         * B that every tile rereads stays in cache; each block continues the previous block's
         * multiply-add chains, which gives the same bits as one pass over all rows.
         */
        private void sumOuterProducts(int aOffset, int bOffset, int first, int end, double[] target, int targetOffset) {
            if (first == end) {
                Arrays.fill(target, targetOffset, targetOffset + n * m, 0.0);
                return;
            }
            for (int row = first; row < end; row += DEPTH_BLOCK) {
                int depth = Math.min(DEPTH_BLOCK, end - row);
                GemmKernel.multiply(new GemmKernel.Operands(a, aOffset + row * n, 1, n, b, bOffset + row * m, m, target, targetOffset, m,
                        depth, m, row > first), 0, n);
            }
        }

        /** Computes the product through ojAlgo: {@code C = op(A) op(B)} as {@code C^T = op(B)^T op(A)^T}, column-major. */
        private void computeWithOjAlgo(int aOffset, int bOffset, double[] c, int cOffset) {
            double[] aData = entry(a, aOffset, aRows * aColumns);
            double[] bData = entry(b, bOffset, bRows * bColumns);
            // A row-major [r, s] buffer read column-major with s rows is the [s, r] matrix A^T.
            R064Store aTransposed = R064Store.wrap(aData, aColumns);
            R064Store bTransposed = R064Store.wrap(bData, bColumns);
            double[] result = cOffset == 0 && c.length == n * m ? c : new double[n * m];
            R064Store resultTransposed = R064Store.wrap(result, m);
            switch (variant) {
                case PLAIN:
                    resultTransposed.fillByMultiplying(bTransposed, aTransposed);
                    break;
                case TRANSPOSE_A:
                    resultTransposed.fillByMultiplying(bTransposed, aTransposed.transpose());
                    break;
                case TRANSPOSE_B:
                    resultTransposed.fillByMultiplying(bTransposed.transpose(), aTransposed);
                    break;
                default:
                    throw new AssertionError(variant);
            }
            if (result != c) {
                System.arraycopy(result, 0, c, cOffset, n * m);
            }
        }

        private static double[] entry(double[] data, int offset, int length) {
            return offset == 0 && data.length == length ? data : Arrays.copyOfRange(data, offset, offset + length);
        }
    }
}
