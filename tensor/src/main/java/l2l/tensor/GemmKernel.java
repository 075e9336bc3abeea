package l2l.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A register-blocked matrix product on the Vector API for the tall, narrow shapes of this
 * project, such as {@code [n, 24] x [24, 80]}.
 *
 * <p>It computes {@code C[i, j] (+)= sum over p of A(i, p) * B[p, j]}. B and C are row-major
 * with unit column stride. A is addressed through two strides,
 * {@code A(i, p) = a[aOffset + i * aRowStride + p * aDepthStride]}, so the same kernel reads
 * {@code A} (strides {@code k, 1}) and {@code A^T} (strides {@code 1, k}) without copying.
 *
 * <p>Tiles of 6 rows by 2 or 1 vectors keep up to 12 accumulators in registers; every element
 * of B loaded is used 6 times and every element of A, 2 vectors' worth of times. When 4 or 5
 * rows remain, 4 of them go through a 4 x 2 tile: the weight gradients of an LSTM cell have
 * {@code I + H} rows, 22 or 40 in the learned optimizer, which leave 4 after the 6-row tiles.
 * Rows left after that are computed one at a time. When the column count is at least one vector
 * but not a multiple of it, the last columns are computed by a vector that ends at the last
 * column and overlaps columns already done. Only its new lanes are stored. Products
 * narrower than one vector run as scalar chains, several rows side by side. Every element
 * of C is one chain of fused multiply-adds in the order {@code p = 0, 1, ...}, whichever tile or
 * scalar tail computes it, so the result does not depend on the vector width, on how rows are
 * split between threads, or on where the tails fall.
 *
 * <p>6 x 2 is the widest tile on AVX-512 too, although its 32 vector registers would hold the
 * 24 accumulators of a 6 x 4 tile. On JDK 17, about half of the processes compiled the 6 x 4 tile
 * into code that ran the gate product of an LSTM cell 2.3 times slower than the 6 x 2 tile. The
 * other half ran both tiles equally fast. Turning tiered compilation off or pinning the process to
 * one core did not change this.
 */
final class GemmKernel {

    static final VectorSpecies<Double> SPECIES = VectorMath.SPECIES;
    static final int LANES = VectorMath.LANES;

    /** Rows per tile. */
    static final int TILE_ROWS = 6;

    /** {@code NEW_LANES[k]} selects the lanes from {@code k} on. */
    private static final VectorMask<Double>[] NEW_LANES = newLaneMasks();

    private GemmKernel() {
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Double>[] newLaneMasks() {
        VectorMask<Double>[] masks = new VectorMask[LANES];
        for (int keptLanes = 0; keptLanes < LANES; keptLanes++) {
            masks[keptLanes] = VectorMask.fromLong(SPECIES, -1L << keptLanes);
        }
        return masks;
    }

    /** The operands of one product: arrays, offsets and strides as described on the class. */
    static final class Operands {

        final double[] a;
        final int aOffset;
        final int aRowStride;
        final int aDepthStride;
        final double[] b;
        final int bOffset;
        final int bRowStride;
        final double[] c;
        final int cOffset;
        final int cRowStride;
        final int depth;
        final int columns;
        /** Whether the product is added to the current contents of C instead of replacing them. */
        final boolean accumulate;

        Operands(double[] a, int aOffset, int aRowStride, int aDepthStride, double[] b, int bOffset, int bRowStride,
                double[] c, int cOffset, int cRowStride, int depth, int columns, boolean accumulate) {
            this.a = a;
            this.aOffset = aOffset;
            this.aRowStride = aRowStride;
            this.aDepthStride = aDepthStride;
            this.b = b;
            this.bOffset = bOffset;
            this.bRowStride = bRowStride;
            this.c = c;
            this.cOffset = cOffset;
            this.cRowStride = cRowStride;
            this.depth = depth;
            this.columns = columns;
            this.accumulate = accumulate;
        }
    }

    /** Computes rows {@code [rowStart, rowEnd)} of the product described by {@code m}. */
    static void multiply(Operands m, int rowStart, int rowEnd) {
        int columns = m.columns;
        int i = rowStart;
        for (; i + TILE_ROWS <= rowEnd; i += TILE_ROWS) {
            int j = 0;
            for (; j + 2 * LANES <= columns; j += 2 * LANES) {
                tile6x2(m, i, j);
            }
            for (; j + LANES <= columns; j += LANES) {
                tile6x1(m, i, j, 0);
            }
            if (j < columns) {
                if (columns >= LANES) {
                    tile6x1(m, i, columns - LANES, j - (columns - LANES));
                } else {
                    scalarTile(m, i, i + TILE_ROWS, j);
                }
            }
        }
        if (i + 4 <= rowEnd) {
            int j = 0;
            for (; j + 2 * LANES <= columns; j += 2 * LANES) {
                tile4x2(m, i, j);
            }
            if (j < columns) {
                for (int row = i; row < i + 4; row++) {
                    rowTail(m, row, j);
                }
            }
            i += 4;
        }
        for (; i < rowEnd; i++) {
            rowTail(m, i, 0);
        }
    }

    /** Computes row {@code i} from column {@code columnStart} on, with 1-row tiles. */
    private static void rowTail(Operands m, int i, int columnStart) {
        int columns = m.columns;
        int j = columnStart;
        for (; j + 4 * LANES <= columns; j += 4 * LANES) {
            tile1x4(m, i, j);
        }
        for (; j + LANES <= columns; j += LANES) {
            tile1x1(m, i, j, 0);
        }
        if (j < columns) {
            if (columns >= LANES) {
                tile1x1(m, i, columns - LANES, j - (columns - LANES));
            } else {
                scalarTile(m, i, i + 1, j);
            }
        }
    }

    /**
     * Computes rows {@code [rowStart, rowEnd)} and columns {@code [columnStart, columns)} one
     * element at a time. Each element is a chain of dependent multiply-adds, so three rows run
     * side by side, where the rows allow, to overlap the chains' latencies.
     */
    private static void scalarTile(Operands m, int rowStart, int rowEnd, int columnStart) {
        for (int j = columnStart; j < m.columns; j++) {
            int i = rowStart;
            for (; i + 3 <= rowEnd; i += 3) {
                scalarColumn3(m, i, j);
            }
            for (; i < rowEnd; i++) {
                scalarColumn1(m, i, j);
            }
        }
    }

    /** Computes the elements {@code (i, j)}, {@code (i + 1, j)} and {@code (i + 2, j)}. */
    private static void scalarColumn3(Operands m, int i, int j) {
        double[] a = m.a;
        double[] b = m.b;
        double[] c = m.c;
        int rowStride = m.aRowStride;
        int depthStride = m.aDepthStride;
        int aRow = m.aOffset + i * rowStride;
        int bColumn = m.bOffset + j;
        int cRow = m.cOffset + i * m.cRowStride + j;
        int cStride = m.cRowStride;
        double s0 = m.accumulate ? c[cRow] : 0.0;
        double s1 = m.accumulate ? c[cRow + cStride] : 0.0;
        double s2 = m.accumulate ? c[cRow + 2 * cStride] : 0.0;
        for (int p = 0; p < m.depth; p++) {
            double bp = b[bColumn + p * m.bRowStride];
            int ap = aRow + p * depthStride;
            s0 = Math.fma(a[ap], bp, s0);
            s1 = Math.fma(a[ap + rowStride], bp, s1);
            s2 = Math.fma(a[ap + 2 * rowStride], bp, s2);
        }
        c[cRow] = s0;
        c[cRow + cStride] = s1;
        c[cRow + 2 * cStride] = s2;
    }

    /** Computes the element {@code (i, j)}. */
    private static void scalarColumn1(Operands m, int i, int j) {
        double[] a = m.a;
        double[] b = m.b;
        int aRow = m.aOffset + i * m.aRowStride;
        int bColumn = m.bOffset + j;
        int cIndex = m.cOffset + i * m.cRowStride + j;
        double sum = m.accumulate ? m.c[cIndex] : 0.0;
        for (int p = 0; p < m.depth; p++) {
            sum = Math.fma(a[aRow + p * m.aDepthStride], b[bColumn + p * m.bRowStride], sum);
        }
        m.c[cIndex] = sum;
    }

    /**
     * Stores {@code sum} at {@code c[offset]}, leaving the first {@code keptLanes} lanes as they are,
     * because a tile that overlaps columns already computed must not add to them a second time.
     */
    private static void store(DoubleVector sum, double[] c, int offset, int keptLanes) {
        if (keptLanes == 0) {
            sum.intoArray(c, offset);
        } else {
            DoubleVector.fromArray(SPECIES, c, offset).blend(sum, NEW_LANES[keptLanes]).intoArray(c, offset);
        }
    }

    /** Computes rows {@code [i, i + 6)} and columns {@code [j, j + 2 * LANES)} of the product. */
    private static void tile6x2(Operands m, int i, int j) {
        double[] a = m.a;
        double[] b = m.b;
        double[] c = m.c;
        int rowStride = m.aRowStride;
        int depthStride = m.aDepthStride;
        int aRow = m.aOffset + i * m.aRowStride;
        int bColumn = m.bOffset + j;
        int cRow = m.cOffset + i * m.cRowStride + j;
        int cStride = m.cRowStride;

        DoubleVector c00 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow) : DoubleVector.zero(SPECIES);
        DoubleVector c01 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c10 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c11 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + cStride + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c20 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 2 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c21 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 2 * cStride + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c30 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 3 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c31 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 3 * cStride + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c40 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 4 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c41 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 4 * cStride + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c50 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 5 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c51 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 5 * cStride + LANES) : DoubleVector.zero(SPECIES);

        for (int p = 0; p < m.depth; p++) {
            int bp = bColumn + p * m.bRowStride;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            int ap = aRow + p * depthStride;
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(SPECIES, a[ap + rowStride]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(SPECIES, a[ap + 2 * rowStride]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(SPECIES, a[ap + 3 * rowStride]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(SPECIES, a[ap + 4 * rowStride]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(SPECIES, a[ap + 5 * rowStride]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }

        c00.intoArray(c, cRow);
        c01.intoArray(c, cRow + LANES);
        c10.intoArray(c, cRow + cStride);
        c11.intoArray(c, cRow + cStride + LANES);
        c20.intoArray(c, cRow + 2 * cStride);
        c21.intoArray(c, cRow + 2 * cStride + LANES);
        c30.intoArray(c, cRow + 3 * cStride);
        c31.intoArray(c, cRow + 3 * cStride + LANES);
        c40.intoArray(c, cRow + 4 * cStride);
        c41.intoArray(c, cRow + 4 * cStride + LANES);
        c50.intoArray(c, cRow + 5 * cStride);
        c51.intoArray(c, cRow + 5 * cStride + LANES);
    }

    /** Computes rows {@code [i, i + 4)} and columns {@code [j, j + 2 * LANES)} of the product. */
    private static void tile4x2(Operands m, int i, int j) {
        double[] a = m.a;
        double[] b = m.b;
        double[] c = m.c;
        int rowStride = m.aRowStride;
        int depthStride = m.aDepthStride;
        int aRow = m.aOffset + i * m.aRowStride;
        int bColumn = m.bOffset + j;
        int cRow = m.cOffset + i * m.cRowStride + j;
        int cStride = m.cRowStride;

        DoubleVector c00 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow) : DoubleVector.zero(SPECIES);
        DoubleVector c01 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c10 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c11 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + cStride + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c20 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 2 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c21 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 2 * cStride + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c30 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 3 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c31 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 3 * cStride + LANES) : DoubleVector.zero(SPECIES);

        for (int p = 0; p < m.depth; p++) {
            int bp = bColumn + p * m.bRowStride;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            int ap = aRow + p * depthStride;
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(SPECIES, a[ap + rowStride]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(SPECIES, a[ap + 2 * rowStride]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(SPECIES, a[ap + 3 * rowStride]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
        }

        c00.intoArray(c, cRow);
        c01.intoArray(c, cRow + LANES);
        c10.intoArray(c, cRow + cStride);
        c11.intoArray(c, cRow + cStride + LANES);
        c20.intoArray(c, cRow + 2 * cStride);
        c21.intoArray(c, cRow + 2 * cStride + LANES);
        c30.intoArray(c, cRow + 3 * cStride);
        c31.intoArray(c, cRow + 3 * cStride + LANES);
    }

    /**
     * Computes rows {@code [i, i + 6)} and columns {@code [j, j + 1 * LANES)} of the product,
     * storing all but the first {@code keptLanes} columns.
     */
    private static void tile6x1(Operands m, int i, int j, int keptLanes) {
        double[] a = m.a;
        double[] b = m.b;
        double[] c = m.c;
        int rowStride = m.aRowStride;
        int depthStride = m.aDepthStride;
        int aRow = m.aOffset + i * m.aRowStride;
        int bColumn = m.bOffset + j;
        int cRow = m.cOffset + i * m.cRowStride + j;
        int cStride = m.cRowStride;

        DoubleVector c00 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow) : DoubleVector.zero(SPECIES);
        DoubleVector c10 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c20 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 2 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c30 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 3 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c40 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 4 * cStride) : DoubleVector.zero(SPECIES);
        DoubleVector c50 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 5 * cStride) : DoubleVector.zero(SPECIES);

        for (int p = 0; p < m.depth; p++) {
            int bp = bColumn + p * m.bRowStride;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            int ap = aRow + p * depthStride;
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = b0.fma(x, c00);
            x = DoubleVector.broadcast(SPECIES, a[ap + rowStride]);
            c10 = b0.fma(x, c10);
            x = DoubleVector.broadcast(SPECIES, a[ap + 2 * rowStride]);
            c20 = b0.fma(x, c20);
            x = DoubleVector.broadcast(SPECIES, a[ap + 3 * rowStride]);
            c30 = b0.fma(x, c30);
            x = DoubleVector.broadcast(SPECIES, a[ap + 4 * rowStride]);
            c40 = b0.fma(x, c40);
            x = DoubleVector.broadcast(SPECIES, a[ap + 5 * rowStride]);
            c50 = b0.fma(x, c50);
        }

        store(c00, c, cRow, keptLanes);
        store(c10, c, cRow + cStride, keptLanes);
        store(c20, c, cRow + 2 * cStride, keptLanes);
        store(c30, c, cRow + 3 * cStride, keptLanes);
        store(c40, c, cRow + 4 * cStride, keptLanes);
        store(c50, c, cRow + 5 * cStride, keptLanes);
    }

    /** Computes rows {@code [i, i + 1)} and columns {@code [j, j + 4 * LANES)} of the product. */
    private static void tile1x4(Operands m, int i, int j) {
        double[] a = m.a;
        double[] b = m.b;
        double[] c = m.c;
        int depthStride = m.aDepthStride;
        int aRow = m.aOffset + i * m.aRowStride;
        int bColumn = m.bOffset + j;
        int cRow = m.cOffset + i * m.cRowStride + j;

        DoubleVector c00 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow) : DoubleVector.zero(SPECIES);
        DoubleVector c01 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c02 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 2 * LANES) : DoubleVector.zero(SPECIES);
        DoubleVector c03 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow + 3 * LANES) : DoubleVector.zero(SPECIES);

        for (int p = 0; p < m.depth; p++) {
            int bp = bColumn + p * m.bRowStride;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES);
            int ap = aRow + p * depthStride;
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
        }

        c00.intoArray(c, cRow);
        c01.intoArray(c, cRow + LANES);
        c02.intoArray(c, cRow + 2 * LANES);
        c03.intoArray(c, cRow + 3 * LANES);
    }

    /**
     * Computes row {@code i} and columns {@code [j, j + 1 * LANES)} of the product, storing all
     * but the first {@code keptLanes} columns.
     */
    private static void tile1x1(Operands m, int i, int j, int keptLanes) {
        double[] a = m.a;
        double[] b = m.b;
        double[] c = m.c;
        int depthStride = m.aDepthStride;
        int aRow = m.aOffset + i * m.aRowStride;
        int bColumn = m.bOffset + j;
        int cRow = m.cOffset + i * m.cRowStride + j;

        DoubleVector c00 = m.accumulate ? DoubleVector.fromArray(SPECIES, c, cRow) : DoubleVector.zero(SPECIES);

        for (int p = 0; p < m.depth; p++) {
            int bp = bColumn + p * m.bRowStride;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            int ap = aRow + p * depthStride;
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = b0.fma(x, c00);
        }

        store(c00, c, cRow, keptLanes);
    }
}
