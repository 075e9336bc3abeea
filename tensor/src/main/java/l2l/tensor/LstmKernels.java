package l2l.tensor;

import jdk.incubator.vector.DoubleVector;

/**
 * The LSTM cell of PyTorch's {@code LSTMCell}, fused: forward and backward over n rows (one row
 * per coordinate of a coordinate-wise optimizer) with weights shared by every row.
 *
 * <p>With gate blocks in the order input, forget, cell, output:
 * <pre>
 * gates = x W_ih^T + h W_hh^T + b_ih + b_hh          [n, 4H]
 * i, f, o = sigmoid of their blocks;  g = tanh of its block
 * c' = f c + i g;   h' = o tanh(c')
 * </pre>
 * Shapes: {@code x [n, I]}, {@code h, c [n, H]}, {@code W_ih [4H, I]}, {@code W_hh [4H, H]},
 * {@code b_ih, b_hh [4H]}.
 *
 * <p>Both passes work on blocks of {@link #BLOCK_ROWS} rows whose gates live only in scratch
 * buffers that stay in cache: one vectorized product {@code [x h] [W_ih W_hh]^T} per block, then
 * the gate math on the block. Nothing of size {@code [n, 4H]} is stored. The backward pass
 * recomputes the gates from {@code x, h, c} instead, which costs one more product per block but
 * keeps long unrolls from holding {@code 4H} doubles per coordinate and step. Internally each gate
 * block is padded to a multiple of the vector length with zero weights, so every loop runs on
 * full vectors.
 *
 * <p>The weight and bias gradients sum over rows in chunks of {@link #CHUNK_ROWS} rows, added in
 * chunk order, so results are bit-identical for every thread count.
 */
public final class LstmKernels {

    /** Rows per block: a multiple of the matrix kernel's tile height. */
    static final int BLOCK_ROWS = 10 * GemmKernel.TILE_ROWS;
    /** Rows per chunk of the weight-gradient sum and per parallel task. */
    static final int CHUNK_ROWS = 16 * BLOCK_ROWS;
    /** Cells with fewer multiply-adds per pass than this run on the calling thread. */
    private static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 20;

    private static final int LANES = VectorMath.LANES;

    private LstmKernels() {
    }

    /** The outputs {@code h'} and {@code c'} of a cell, both {@code [n, H]}. */
    public record State(Tensor h, Tensor c) {
    }

    /**
     * The gradients of a cell with respect to its inputs. A gradient that was not requested is
     * null. The two biases always have the same gradient, so there is one.
     *
     * @param x {@code [n, I]}
     * @param h {@code [n, H]}
     * @param c {@code [n, H]}
     * @param weightIh {@code [4H, I]}
     * @param weightHh {@code [4H, H]}
     * @param bias {@code [4H]}, the gradient of {@code b_ih} and of {@code b_hh}
     */
    public record Gradients(Tensor x, Tensor h, Tensor c, Tensor weightIh, Tensor weightHh, Tensor bias) {
    }

    /**
     * The weights of a cell, repacked for the kernels: transposed and concatenated as
     * {@code [I + H, 4 Hp]}, and as rows {@code [4 Hp, Dp]}, where {@code Hp} and {@code Dp} round
     * {@code H} and {@code I + H} up to the vector length; the padding is zero.
     */
    public static final class Weights {

        final int inputSize;
        final int hiddenSize;
        final int paddedHidden;
        final int gateWidth;
        final int depth;
        final int paddedDepth;
        /** {@code [depth, gateWidth]}: entry {@code (p, q Hp + j)} is {@code W[q H + j, p]} of {@code [W_ih W_hh]}. */
        final double[] transposed;
        /** {@code [gateWidth, paddedDepth]}: the same weights as rows. */
        final double[] rows;
        /** {@code [gateWidth]}: {@code b_ih + b_hh}. */
        final double[] bias;
        /** {@code [gateWidth]}: 2 in the cell gate, whose tanh is computed from a sigmoid, and 1 elsewhere. */
        final double[] activationScale;

        private Weights(int inputSize, int hiddenSize) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
            this.paddedHidden = roundUp(hiddenSize);
            this.gateWidth = 4 * paddedHidden;
            this.depth = inputSize + hiddenSize;
            this.paddedDepth = roundUp(depth);
            this.transposed = new double[depth * gateWidth];
            this.rows = new double[gateWidth * paddedDepth];
            this.bias = new double[gateWidth];
            this.activationScale = new double[gateWidth];
            java.util.Arrays.fill(activationScale, 1.0);
            java.util.Arrays.fill(activationScale, 2 * paddedHidden, 3 * paddedHidden, 2.0);
        }

        /**
         * Packs weights given in PyTorch's layout.
         *
         * @throws IllegalArgumentException naming the shapes that do not fit together
         */
        public static Weights of(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
            int[] hh = weightHh.shapeUnsafe();
            int[] ih = weightIh.shapeUnsafe();
            if (hh.length != 2 || hh[1] < 1 || hh[0] != 4 * hh[1]) {
                throw new IllegalArgumentException("lstmCell: weight_hh must be [4H, H] with H >= 1, got " + Shapes.toString(hh));
            }
            int hidden = hh[1];
            if (ih.length != 2 || ih[0] != 4 * hidden) {
                throw new IllegalArgumentException("lstmCell: weight_ih must be [4H, I] = [" + 4 * hidden + ", I] to match weight_hh "
                        + Shapes.toString(hh) + ", got " + Shapes.toString(ih));
            }
            for (Tensor bias : new Tensor[] {biasIh, biasHh}) {
                if (!bias.hasShape(4 * hidden)) {
                    throw new IllegalArgumentException("lstmCell: the biases must be [4H] = [" + 4 * hidden + "] to match weight_hh "
                            + Shapes.toString(hh) + ", got " + Shapes.toString(bias.shapeUnsafe()));
                }
            }

            int input = ih[1];
            Weights weights = new Weights(input, hidden);
            double[] wih = weightIh.data();
            double[] whh = weightHh.data();
            for (int gate = 0; gate < 4; gate++) {
                for (int j = 0; j < hidden; j++) {
                    int source = gate * hidden + j;
                    int column = gate * weights.paddedHidden + j;
                    for (int p = 0; p < weights.depth; p++) {
                        double value = p < input ? wih[source * input + p] : whh[source * hidden + p - input];
                        weights.transposed[p * weights.gateWidth + column] = value;
                        weights.rows[column * weights.paddedDepth + p] = value;
                    }
                    weights.bias[column] = biasIh.data()[source] + biasHh.data()[source];
                }
            }
            return weights;
        }

        /** Returns {@code I}, the number of input features. */
        public int inputSize() {
            return inputSize;
        }

        /** Returns {@code H}, the hidden size. */
        public int hiddenSize() {
            return hiddenSize;
        }
    }

    private static int roundUp(int size) {
        return (size + LANES - 1) / LANES * LANES;
    }

    /** Returns {@code (h', c')} for every row. */
    public static State forward(Tensor x, Tensor h, Tensor c, Weights weights) {
        int n = checkRows(x, h, c, weights);
        int hidden = weights.hiddenSize;
        double[] hOut = new double[n * hidden];
        double[] cOut = new double[n * hidden];
        forEachChunk(n, weights, chunk -> {
            Scratch scratch = Scratch.forThread(weights);
            int end = Math.min(n, chunk + CHUNK_ROWS);
            for (int start = chunk; start < end; start += BLOCK_ROWS) {
                int blockEnd = Math.min(end, start + BLOCK_ROWS);
                computeGates(x.data(), h.data(), weights, start, blockEnd, scratch);
                forwardBlock(weights, scratch, c.data(), start, blockEnd, hOut, cOut);
            }
        });
        return new State(Tensor.wrap(hOut, n, hidden), Tensor.wrap(cOut, n, hidden));
    }

    /**
     * Returns the gradients of a cell given the gradients of its outputs; a missing output
     * gradient (null) counts as zeros.
     *
     * @param inputGradients whether to compute the gradients of {@code x} and {@code h}
     * @param weightGradients whether to compute the gradients of the weights and biases
     */
    public static Gradients backward(Tensor x, Tensor h, Tensor c, Weights weights, Tensor gradientH, Tensor gradientC,
            boolean inputGradients, boolean weightGradients) {
        int n = checkRows(x, h, c, weights);
        int hidden = weights.hiddenSize;
        int input = weights.inputSize;
        for (Tensor gradient : new Tensor[] {gradientH, gradientC}) {
            if (gradient != null && !gradient.hasShape(n, hidden)) {
                throw new IllegalArgumentException("lstmCell: an output gradient has shape " + Shapes.toString(gradient.shapeUnsafe())
                        + " but the outputs are [" + n + ", " + hidden + "]");
            }
        }
        double[] dx = inputGradients ? new double[n * input] : null;
        double[] dh = inputGradients ? new double[n * hidden] : null;
        double[] dc = new double[n * hidden];
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        double[][] weightPartials = new double[chunks][];
        double[][] biasPartials = new double[chunks][];

        forEachChunk(n, weights, chunk -> {
            Scratch scratch = Scratch.forThread(weights);
            int end = Math.min(n, chunk + CHUNK_ROWS);
            double[] weightPartial = weightGradients ? new double[weights.depth * weights.gateWidth] : null;
            double[] biasPartial = weightGradients ? new double[weights.gateWidth] : null;
            for (int start = chunk; start < end; start += BLOCK_ROWS) {
                int blockEnd = Math.min(end, start + BLOCK_ROWS);
                computeGates(x.data(), h.data(), weights, start, blockEnd, scratch);
                backwardBlock(weights, scratch, c.data(), gradientH, gradientC, start, blockEnd, dc);
                if (inputGradients) {
                    inputGradientsOfBlock(weights, scratch, start, blockEnd, dx, dh);
                }
                if (weightGradients) {
                    accumulateWeightGradients(weights, scratch, blockEnd - start, start > chunk, weightPartial, biasPartial);
                }
            }
            weightPartials[chunk / CHUNK_ROWS] = weightPartial;
            biasPartials[chunk / CHUNK_ROWS] = biasPartial;
        });

        Tensor[] weightTensors = weightGradients ? unpackWeightGradients(weights, weightPartials, biasPartials) : new Tensor[3];
        return new Gradients(
                inputGradients ? Tensor.wrap(dx, n, input) : null,
                inputGradients ? Tensor.wrap(dh, n, hidden) : null,
                Tensor.wrap(dc, n, hidden),
                weightTensors[0], weightTensors[1], weightTensors[2]);
    }

    private static int checkRows(Tensor x, Tensor h, Tensor c, Weights weights) {
        int[] xShape = x.shapeUnsafe();
        if (xShape.length != 2 || xShape[1] != weights.inputSize) {
            throw new IllegalArgumentException("lstmCell: x must be [n, I] = [n, " + weights.inputSize + "] to match the weights, got "
                    + Shapes.toString(xShape));
        }
        int n = xShape[0];
        if (!h.hasShape(n, weights.hiddenSize) || !c.hasShape(n, weights.hiddenSize)) {
            throw new IllegalArgumentException("lstmCell: h and c must be [n, H] = [" + n + ", " + weights.hiddenSize + "] to match x "
                    + Shapes.toString(xShape) + " and the weights, got " + Shapes.toString(h.shapeUnsafe()) + " and "
                    + Shapes.toString(c.shapeUnsafe()));
        }
        return n;
    }

    /** Runs {@code task} for the first row of every chunk, on several threads when the cell is large. */
    private static void forEachChunk(int n, Weights weights, Parallelism.BlockTask task) {
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        long multiplyAdds = (long) n * weights.depth * weights.gateWidth;
        if (chunks > 1 && multiplyAdds >= PARALLEL_MIN_MULTIPLY_ADDS) {
            Parallelism.forEachBlock(chunks, chunk -> task.run(chunk * CHUNK_ROWS));
        } else {
            for (int chunk = 0; chunk < chunks; chunk++) {
                task.run(chunk * CHUNK_ROWS);
            }
        }
    }

    /**
     * Buffers sized for a block; the per-row buffers hold {@code [BLOCK_ROWS, Hp]} with zero
     * padding. Each thread keeps the buffers of the last weight shape it used, so long runs do not
     * allocate them per call.
     */
    private static final class Scratch {

        private static final ThreadLocal<Scratch> CACHE = new ThreadLocal<>();

        final int inputSize;
        final int hiddenSize;
        final double[] inputs;
        final double[] gates;
        final double[] gateGradients;
        final double[] inputGradients;
        final double[] cell;
        final double[] cellNext;
        final double[] tanhCell;
        final double[] hidden;
        final double[] outputGradient;
        final double[] cellGradient;

        private Scratch(Weights weights) {
            int blockValues = BLOCK_ROWS * weights.paddedHidden;
            inputSize = weights.inputSize;
            hiddenSize = weights.hiddenSize;
            inputs = new double[BLOCK_ROWS * weights.depth];
            gates = new double[BLOCK_ROWS * weights.gateWidth];
            gateGradients = new double[BLOCK_ROWS * weights.gateWidth];
            inputGradients = new double[BLOCK_ROWS * weights.paddedDepth];
            cell = new double[blockValues];
            cellNext = new double[blockValues];
            tanhCell = new double[blockValues];
            hidden = new double[blockValues];
            outputGradient = new double[blockValues];
            cellGradient = new double[blockValues];
        }

        /** Returns the current thread's buffers for weights of this shape, allocating them on first use or after a shape change. */
        static Scratch forThread(Weights weights) {
            Scratch scratch = CACHE.get();
            if (scratch == null || scratch.inputSize != weights.inputSize || scratch.hiddenSize != weights.hiddenSize) {
                scratch = new Scratch(weights);
                CACHE.set(scratch);
            }
            return scratch;
        }
    }

    /**
     * Copies the rows {@code [start, end)} of x and h side by side into the block buffer
     * {@code [rows, I + H]} and writes their activated gates, one row of {@code 4 Hp} per input
     * row, to the gate buffer.
     */
    private static void computeGates(double[] x, double[] h, Weights w, int start, int end, Scratch s) {
        int rows = end - start;
        int input = w.inputSize;
        int hidden = w.hiddenSize;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, (start + r) * input, s.inputs, r * w.depth, input);
            System.arraycopy(h, (start + r) * hidden, s.inputs, r * w.depth + input, hidden);
        }
        GemmKernel.multiply(new GemmKernel.Operands(s.inputs, 0, w.depth, 1, w.transposed, 0, w.gateWidth, s.gates, 0, w.gateWidth,
                w.depth, w.gateWidth, false), 0, rows);
        activateGates(w, s.gates, rows);
    }

    /**
     * Adds the bias to the gates of {@code rows} rows and applies sigmoid, or tanh for the cell
     * gate as {@code tanh(x) = 2 sigmoid(2x) - 1}, whose absolute error stays near 1e-16: one
     * pass of {@link VectorMath#sigmoid} over the whole block serves all four gates.
     */
    private static void activateGates(Weights w, double[] gates, int rows) {
        for (int r = 0; r < rows; r++) {
            int base = r * w.gateWidth;
            for (int q = 0; q < w.gateWidth; q += LANES) {
                DoubleVector scale = DoubleVector.fromArray(VectorMath.SPECIES, w.activationScale, q);
                DoubleVector.fromArray(VectorMath.SPECIES, gates, base + q)
                        .add(DoubleVector.fromArray(VectorMath.SPECIES, w.bias, q))
                        .mul(scale)
                        .intoArray(gates, base + q);
            }
        }
        VectorMath.sigmoid(gates, 0, gates, 0, rows * w.gateWidth);
        for (int r = 0; r < rows; r++) {
            int base = r * w.gateWidth;
            for (int q = 2 * w.paddedHidden; q < 3 * w.paddedHidden; q += LANES) {
                DoubleVector.fromArray(VectorMath.SPECIES, gates, base + q).mul(2.0).sub(1.0).intoArray(gates, base + q);
            }
        }
    }

    /** Copies rows {@code [start, end)} of an {@code [n, H]} array into a block buffer of rows padded to {@code Hp} with zeros. */
    private static void copyRowsPadded(double[] source, int start, int end, int hidden, int paddedHidden, double[] block) {
        for (int row = start; row < end; row++) {
            int target = (row - start) * paddedHidden;
            System.arraycopy(source, row * hidden, block, target, hidden);
            java.util.Arrays.fill(block, target + hidden, target + paddedHidden, 0.0);
        }
    }

    /** Copies the first {@code H} values of every padded block row back to rows {@code [start, end)} of an {@code [n, H]} array. */
    private static void copyRowsUnpadded(double[] block, int start, int end, int hidden, int paddedHidden, double[] target) {
        for (int row = start; row < end; row++) {
            System.arraycopy(block, (row - start) * paddedHidden, target, row * hidden, hidden);
        }
    }

    /** Computes {@code c' = f c + i g} for every element of the block's rows into the cell-next buffer, then its tanh. */
    private static void cellNext(Weights w, Scratch s, int rows) {
        int paddedHidden = w.paddedHidden;
        for (int r = 0; r < rows; r++) {
            int base = r * w.gateWidth;
            int offset = r * paddedHidden;
            for (int j = 0; j < paddedHidden; j += LANES) {
                DoubleVector i = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, base + j);
                DoubleVector f = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, base + paddedHidden + j);
                DoubleVector g = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, base + 2 * paddedHidden + j);
                DoubleVector cell = DoubleVector.fromArray(VectorMath.SPECIES, s.cell, offset + j);
                f.mul(cell).add(i.mul(g)).intoArray(s.cellNext, offset + j);
            }
        }
        VectorMath.tanh(s.cellNext, 0, s.tanhCell, 0, rows * paddedHidden);
    }

    /** Computes {@code c' = f c + i g} and {@code h' = o tanh(c')} for rows {@code [start, end)} from the block's gates. */
    private static void forwardBlock(Weights w, Scratch s, double[] c, int start, int end, double[] hOut, double[] cOut) {
        int rows = end - start;
        int hidden = w.hiddenSize;
        int paddedHidden = w.paddedHidden;
        copyRowsPadded(c, start, end, hidden, paddedHidden, s.cell);
        cellNext(w, s, rows);
        for (int r = 0; r < rows; r++) {
            int outputGate = r * w.gateWidth + 3 * paddedHidden;
            int offset = r * paddedHidden;
            for (int j = 0; j < paddedHidden; j += LANES) {
                DoubleVector o = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, outputGate + j);
                o.mul(DoubleVector.fromArray(VectorMath.SPECIES, s.tanhCell, offset + j)).intoArray(s.hidden, offset + j);
            }
        }
        copyRowsUnpadded(s.cellNext, start, end, hidden, paddedHidden, cOut);
        copyRowsUnpadded(s.hidden, start, end, hidden, paddedHidden, hOut);
    }

    /**
     * Writes the gradients of the pre-activation gates of rows {@code [start, end)} to the
     * gate-gradient scratch, and the gradient of {@code c} to {@code dc}:
     * <pre>
     * dc' += dh' o (1 - tanh(c')^2)
     * do = dh' tanh(c') o (1 - o);  di = dc' g i (1 - i);  dg = dc' i (1 - g^2);  df = dc' c f (1 - f)
     * dc = dc' f
     * </pre>
     * The padding lanes have zero output gradients, so their gate gradients are zero.
     */
    private static void backwardBlock(Weights w, Scratch s, double[] c, Tensor gradientH, Tensor gradientC, int start, int end,
            double[] dc) {
        int rows = end - start;
        int hidden = w.hiddenSize;
        int paddedHidden = w.paddedHidden;
        copyRowsPadded(c, start, end, hidden, paddedHidden, s.cell);
        if (gradientH != null) {
            copyRowsPadded(gradientH.data(), start, end, hidden, paddedHidden, s.outputGradient);
        }
        if (gradientC != null) {
            copyRowsPadded(gradientC.data(), start, end, hidden, paddedHidden, s.cellGradient);
        }
        cellNext(w, s, rows);
        for (int r = 0; r < rows; r++) {
            int base = r * w.gateWidth;
            int offset = r * paddedHidden;
            for (int j = 0; j < paddedHidden; j += LANES) {
                DoubleVector i = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, base + j);
                DoubleVector f = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, base + paddedHidden + j);
                DoubleVector g = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, base + 2 * paddedHidden + j);
                DoubleVector o = DoubleVector.fromArray(VectorMath.SPECIES, s.gates, base + 3 * paddedHidden + j);
                DoubleVector cell = DoubleVector.fromArray(VectorMath.SPECIES, s.cell, offset + j);
                DoubleVector tanhCell = DoubleVector.fromArray(VectorMath.SPECIES, s.tanhCell, offset + j);
                DoubleVector dhNext = gradientH == null ? DoubleVector.zero(VectorMath.SPECIES)
                        : DoubleVector.fromArray(VectorMath.SPECIES, s.outputGradient, offset + j);
                DoubleVector dcNext = gradientC == null ? DoubleVector.zero(VectorMath.SPECIES)
                        : DoubleVector.fromArray(VectorMath.SPECIES, s.cellGradient, offset + j);

                DoubleVector dcTotal = dcNext.add(dhNext.mul(o).mul(tanhCell.mul(tanhCell).mul(-1.0).add(1.0)));
                DoubleVector dOutput = dhNext.mul(tanhCell).mul(o).mul(o.mul(-1.0).add(1.0));
                DoubleVector dInput = dcTotal.mul(g).mul(i).mul(i.mul(-1.0).add(1.0));
                DoubleVector dCandidate = dcTotal.mul(i).mul(g.mul(g).mul(-1.0).add(1.0));
                DoubleVector dForget = dcTotal.mul(cell).mul(f).mul(f.mul(-1.0).add(1.0));

                int gateOffset = base + j;
                dInput.intoArray(s.gateGradients, gateOffset);
                dForget.intoArray(s.gateGradients, gateOffset + paddedHidden);
                dCandidate.intoArray(s.gateGradients, gateOffset + 2 * paddedHidden);
                dOutput.intoArray(s.gateGradients, gateOffset + 3 * paddedHidden);
                dcTotal.mul(f).intoArray(s.cellNext, offset + j);
            }
        }
        copyRowsUnpadded(s.cellNext, start, end, hidden, paddedHidden, dc);
    }

    /** Writes {@code [dx dh] = dgates [W_ih W_hh]} for rows {@code [start, end)}. */
    private static void inputGradientsOfBlock(Weights w, Scratch s, int start, int end, double[] dx, double[] dh) {
        int rows = end - start;
        GemmKernel.multiply(new GemmKernel.Operands(s.gateGradients, 0, w.gateWidth, 1, w.rows, 0, w.paddedDepth, s.inputGradients, 0,
                w.paddedDepth, w.gateWidth, w.paddedDepth, false), 0, rows);
        for (int r = 0; r < rows; r++) {
            int from = r * w.paddedDepth;
            System.arraycopy(s.inputGradients, from, dx, (start + r) * w.inputSize, w.inputSize);
            System.arraycopy(s.inputGradients, from + w.inputSize, dh, (start + r) * w.hiddenSize, w.hiddenSize);
        }
    }

    /** Adds {@code [x h]^T dgates} and the column sums of {@code dgates} over the block's rows to the chunk's partial sums. */
    private static void accumulateWeightGradients(Weights w, Scratch s, int rows, boolean accumulate, double[] weightPartial,
            double[] biasPartial) {
        GemmKernel.multiply(new GemmKernel.Operands(s.inputs, 0, 1, w.depth, s.gateGradients, 0, w.gateWidth, weightPartial, 0,
                w.gateWidth, rows, w.gateWidth, accumulate), 0, w.depth);
        for (int r = 0; r < rows; r++) {
            int base = r * w.gateWidth;
            for (int q = 0; q < w.gateWidth; q += LANES) {
                DoubleVector.fromArray(VectorMath.SPECIES, biasPartial, q)
                        .add(DoubleVector.fromArray(VectorMath.SPECIES, s.gateGradients, base + q))
                        .intoArray(biasPartial, q);
            }
        }
    }

    /** Adds the chunk partial sums in chunk order and returns the gradients of W_ih, W_hh and the bias in PyTorch's layout. */
    private static Tensor[] unpackWeightGradients(Weights w, double[][] weightPartials, double[][] biasPartials) {
        double[] weightSum = new double[w.depth * w.gateWidth];
        double[] biasSum = new double[w.gateWidth];
        for (int chunk = 0; chunk < weightPartials.length; chunk++) {
            for (int k = 0; k < weightSum.length; k++) {
                weightSum[k] += weightPartials[chunk][k];
            }
            for (int k = 0; k < biasSum.length; k++) {
                biasSum[k] += biasPartials[chunk][k];
            }
        }
        int input = w.inputSize;
        int hidden = w.hiddenSize;
        double[] weightIh = new double[4 * hidden * input];
        double[] weightHh = new double[4 * hidden * hidden];
        double[] bias = new double[4 * hidden];
        for (int gate = 0; gate < 4; gate++) {
            for (int j = 0; j < hidden; j++) {
                int target = gate * hidden + j;
                int column = gate * w.paddedHidden + j;
                for (int p = 0; p < input; p++) {
                    weightIh[target * input + p] = weightSum[p * w.gateWidth + column];
                }
                for (int p = 0; p < hidden; p++) {
                    weightHh[target * hidden + p] = weightSum[(input + p) * w.gateWidth + column];
                }
                bias[target] = biasSum[column];
            }
        }
        return new Tensor[] {Tensor.wrap(weightIh, 4 * hidden, input), Tensor.wrap(weightHh, 4 * hidden, hidden), Tensor.wrap(bias, 4 * hidden)};
    }
}
