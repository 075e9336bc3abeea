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
 * <p>Both passes work on blocks of {@link #BLOCK_ROWS} rows in scratch buffers that stay in
 * cache: one vectorized product {@code [x h] [W_ih W_hh]^T} per block, the activation of its
 * {@code 4H} gate columns (rounded up to whole vectors with zero weights), then the element-wise
 * cell arithmetic on each gate's {@code [rows, H]} values, copied out contiguously so that every
 * loop runs over whole vectors whatever H is. {@link #forwardSaving} also keeps the activated
 * gates, {@code 4H} doubles per row, so that {@link #backward(Tensor, Tensor, Tensor, Weights,
 * Saved, Tensor, Tensor, boolean, boolean)} does not recompute them; the backward pass without
 * them recomputes the gates with the same arithmetic, so both give the same bits.
 *
 * <p>The weight and bias gradients sum over rows in chunks of {@link #chunkRows} rows, added in
 * chunk order, so results are bit-identical for every thread count.
 */
public final class LstmKernels {

    /** Rows per block: a multiple of the matrix kernel's tile height. */
    static final int BLOCK_ROWS = 10 * GemmKernel.TILE_ROWS;
    /** The maximum rows per chunk of the weight-gradient sum and per parallel task. */
    static final int MAX_CHUNK_ROWS = 16 * BLOCK_ROWS;
    /** Cells with fewer rows than this many full chunks get smaller chunks, so that threads share them evenly. */
    private static final int MIN_CHUNKS = 16;
    /** Cells with fewer multiply-adds per pass than this run on the calling thread. */
    private static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 20;

    private static final int LANES = VectorMath.LANES;

    private LstmKernels() {
    }

    /** The outputs {@code h'} and {@code c'} of a cell, both {@code [n, H]}. */
    public record State(Tensor h, Tensor c) {
    }

    /**
     * The outputs of a forward pass and its activated gates ({@code i, f, g, o} per row,
     * {@code 4H} doubles), kept for the backward pass. The gates are stored chunk by chunk, one
     * array per chunk of {@link #chunkRows} rows, which the thread that computes the chunk
     * allocates, so that zeroing them runs in parallel. Only the kernels read the gates.
     */
    public static final class Saved {

        private final State state;
        final double[][] gates;

        private Saved(State state, double[][] gates) {
            this.state = state;
            this.gates = gates;
        }

        /** Returns {@code h'} and {@code c'}. */
        public State state() {
            return state;
        }
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
     * {@code [I + H, G]}, and as rows {@code [G, Dp]}, where {@code G} rounds {@code 4H} and
     * {@code Dp} rounds {@code I + H} up to the vector length; the padding is zero. Column
     * {@code q H + j} belongs to unit {@code j} of gate {@code q}, as in PyTorch.
     */
    public static final class Weights {

        final int inputSize;
        final int hiddenSize;
        final int gateWidth;
        final int depth;
        final int paddedDepth;
        /** {@code [depth, gateWidth]}: entry {@code (p, r)} is {@code W[r, p]} of {@code [W_ih W_hh]}. */
        final double[] transposed;
        /** {@code [gateWidth, paddedDepth]}: the same weights as rows. */
        final double[] rows;
        /** {@code [gateWidth]}: {@code b_ih + b_hh}. */
        final double[] bias;
        /** {@code [gateWidth]}: 2 in the cell gate, whose tanh is computed from a sigmoid, and 1 elsewhere. */
        final double[] activationScale;
        /** {@code [gateWidth]}: -1 in the cell gate, for {@code tanh(x) = 2 sigmoid(2x) - 1}, and 0 elsewhere. */
        final double[] activationShift;

        private Weights(int inputSize, int hiddenSize) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
            this.gateWidth = roundUp(4 * hiddenSize);
            this.depth = inputSize + hiddenSize;
            this.paddedDepth = roundUp(depth);
            this.transposed = new double[depth * gateWidth];
            this.rows = new double[gateWidth * paddedDepth];
            this.bias = new double[gateWidth];
            this.activationScale = new double[gateWidth];
            this.activationShift = new double[gateWidth];
            java.util.Arrays.fill(activationScale, 1.0);
            java.util.Arrays.fill(activationScale, 2 * hiddenSize, 3 * hiddenSize, 2.0);
            java.util.Arrays.fill(activationShift, 2 * hiddenSize, 3 * hiddenSize, -1.0);
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
            for (int column = 0; column < 4 * hidden; column++) {
                for (int p = 0; p < weights.depth; p++) {
                    double value = p < input ? wih[column * input + p] : whh[column * hidden + p - input];
                    weights.transposed[p * weights.gateWidth + column] = value;
                    weights.rows[column * weights.paddedDepth + p] = value;
                }
                weights.bias[column] = biasIh.data()[column] + biasHh.data()[column];
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
        return forward(x, h, c, weights, false).state();
    }

    /**
     * Returns {@code (h', c')} for every row together with the activated gates, which
     * {@link #backward(Tensor, Tensor, Tensor, Weights, Saved, Tensor, Tensor, boolean, boolean)}
     * reuses instead of recomputing them. The gates take {@code 4H} doubles per row.
     */
    public static Saved forwardSaving(Tensor x, Tensor h, Tensor c, Weights weights) {
        return forward(x, h, c, weights, true);
    }

    private static Saved forward(Tensor x, Tensor h, Tensor c, Weights weights, boolean keepGates) {
        int n = checkRows(x, h, c, weights);
        int hidden = weights.hiddenSize;
        double[] hOut = new double[n * hidden];
        double[] cOut = new double[n * hidden];
        double[][] gates = keepGates ? new double[chunkCount(n)][] : null;
        forEachChunk(n, weights, chunk -> {
            Scratch scratch = Scratch.forThread(weights);
            int end = Math.min(n, chunk + chunkRows(n));
            double[] chunkGates = null;
            if (gates != null) {
                chunkGates = new double[(end - chunk) * 4 * hidden];
                gates[chunk / chunkRows(n)] = chunkGates;
            }
            for (int start = chunk; start < end; start += BLOCK_ROWS) {
                int blockEnd = Math.min(end, start + BLOCK_ROWS);
                computeGates(x.data(), h.data(), weights, start, blockEnd, scratch);
                if (chunkGates != null) {
                    copyGatesOut(scratch.gates, weights.gateWidth, start - chunk, blockEnd - chunk, hidden, chunkGates);
                }
                if (hidden >= LANES) {
                    forwardRows(scratch.gates, weights.gateWidth, c.data(), start, blockEnd - start, hidden, hOut, cOut);
                } else {
                    splitGates(scratch.gates, 0, weights.gateWidth, blockEnd - start, hidden, scratch);
                    forwardBlock(scratch, c.data(), start * hidden, (blockEnd - start) * hidden, hOut, cOut);
                }
            }
        });
        State state = new State(Tensor.wrap(hOut, n, hidden), Tensor.wrap(cOut, n, hidden));
        return new Saved(state, gates);
    }

    /**
     * Runs only the gate products of {@link #forward(Tensor, Tensor, Tensor, Weights)}:
     * {@code [x h] [W_ih W_hh]^T} block by block into the thread's reused gate buffer, on the
     * same threads as the forward pass, without the activation and the cell arithmetic. For
     * benchmarks, which divide the product's floating-point operations by its time. Returns a
     * checksum of the gate buffers, which callers should consume.
     */
    public static double gateProducts(Tensor x, Tensor h, Weights weights) {
        int n = checkRows(x, h, h, weights);
        int chunks = chunkCount(n);
        double[] checksums = new double[chunks];
        forEachChunk(n, weights, chunk -> {
            Scratch scratch = Scratch.forThread(weights);
            int end = Math.min(n, chunk + chunkRows(n));
            for (int start = chunk; start < end; start += BLOCK_ROWS) {
                int blockEnd = Math.min(end, start + BLOCK_ROWS);
                copyInputs(x.data(), h.data(), weights, start, blockEnd, scratch);
                multiplyGates(weights, scratch, blockEnd - start);
                checksums[chunk / chunkRows(n)] += scratch.gates[0];
            }
        });
        double sum = 0;
        for (double checksum : checksums) {
            sum += checksum;
        }
        return sum;
    }

    /**
     * Returns the gradients of a cell given the gradients of its outputs; a missing output
     * gradient (null) counts as zeros. The gates are recomputed from {@code x, h, c}.
     *
     * @param inputGradients whether to compute the gradients of {@code x} and {@code h}
     * @param weightGradients whether to compute the gradients of the weights and biases
     */
    public static Gradients backward(Tensor x, Tensor h, Tensor c, Weights weights, Tensor gradientH, Tensor gradientC,
            boolean inputGradients, boolean weightGradients) {
        return backward(x, h, c, weights, null, gradientH, gradientC, inputGradients, weightGradients);
    }

    /**
     * Returns the gradients of a cell given the gradients of its outputs, like
     * {@link #backward(Tensor, Tensor, Tensor, Weights, Tensor, Tensor, boolean, boolean)}, with the
     * gates and {@code c'} that {@link #forwardSaving} kept for these inputs; null {@code saved}
     * recomputes them. Both ways give the same bits.
     */
    public static Gradients backward(Tensor x, Tensor h, Tensor c, Weights weights, Saved saved, Tensor gradientH, Tensor gradientC,
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
        if (saved != null && (saved.gates == null || saved.gates.length != chunkCount(n) || !saved.state.c().hasShape(n, hidden))) {
            throw new IllegalArgumentException("lstmCell: the saved forward pass does not belong to these inputs: it has "
                    + (saved.gates == null ? "no gates" : "c' of shape " + Shapes.toString(saved.state.c().shapeUnsafe()))
                    + ", expected [" + n + ", " + hidden + "]; use forwardSaving on the same inputs");
        }
        double[] dx = inputGradients ? new double[n * input] : null;
        double[] dh = inputGradients ? new double[n * hidden] : null;
        double[] dc = new double[n * hidden];
        int chunks = chunkCount(n);
        double[][] weightPartials = new double[chunks][];
        double[][] biasPartials = new double[chunks][];

        forEachChunk(n, weights, chunk -> {
            Scratch scratch = Scratch.forThread(weights);
            int end = Math.min(n, chunk + chunkRows(n));
            double[] weightPartial = weightGradients ? new double[weights.depth * weights.gateWidth] : null;
            double[] biasPartial = weightGradients ? new double[weights.gateWidth] : null;
            double[] chunkGates = saved == null ? null : saved.gates[chunk / chunkRows(n)];
            for (int start = chunk; start < end; start += BLOCK_ROWS) {
                int blockEnd = Math.min(end, start + BLOCK_ROWS);
                int rows = blockEnd - start;
                int offset = start * hidden;
                int length = rows * hidden;
                boolean rowWise = saved != null && hidden >= LANES;
                if (saved == null) {
                    computeGates(x.data(), h.data(), weights, start, blockEnd, scratch);
                    splitGates(scratch.gates, 0, weights.gateWidth, rows, hidden, scratch);
                    cellNext(scratch, c.data(), offset, length, scratch.cellNext, 0);
                    VectorMath.tanh(scratch.cellNext, 0, scratch.tanhCell, 0, length);
                } else {
                    copyInputs(x.data(), h.data(), weights, start, blockEnd, scratch);
                    if (!rowWise) {
                        splitGates(chunkGates, (start - chunk) * 4 * hidden, 4 * hidden, rows, hidden, scratch);
                    }
                    VectorMath.tanh(saved.state.c().data(), offset, scratch.tanhCell, 0, length);
                }
                double[] dhNext = gradientH == null ? scratch.zeros : gradientH.data();
                double[] dcNext = gradientC == null ? scratch.zeros : gradientC.data();
                int gradientOffset = gradientH == null ? 0 : offset;
                int cellGradientOffset = gradientC == null ? 0 : offset;
                if (rowWise) {
                    gateGradientRows(chunkGates, (start - chunk) * 4 * hidden, scratch, c.data(), offset, dhNext, gradientOffset, dcNext,
                            cellGradientOffset, rows, weights.gateWidth, dc);
                } else {
                    gateGradients(scratch, c.data(), offset, dhNext, gradientOffset, dcNext, cellGradientOffset, length, dc);
                    joinGateGradients(scratch, rows, hidden, weights.gateWidth);
                }
                if (inputGradients) {
                    inputGradientsOfBlock(weights, scratch, start, blockEnd, dx, dh);
                }
                if (weightGradients) {
                    accumulateWeightGradients(weights, scratch, rows, start > chunk, weightPartial, biasPartial);
                }
            }
            weightPartials[chunk / chunkRows(n)] = weightPartial;
            biasPartials[chunk / chunkRows(n)] = biasPartial;
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

    /**
     * Returns the rows per chunk for n rows: a whole number of blocks, at most
     * {@link #MAX_CHUNK_ROWS}, and small enough for {@link #MIN_CHUNKS} chunks when n allows.
     * It depends on n only, never on the thread count.
     */
    static int chunkRows(int n) {
        int rows = (n + MIN_CHUNKS - 1) / MIN_CHUNKS;
        rows = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS * BLOCK_ROWS;
        return Math.max(BLOCK_ROWS, Math.min(MAX_CHUNK_ROWS, rows));
    }

    private static int chunkCount(int n) {
        int rows = chunkRows(n);
        return (n + rows - 1) / rows;
    }

    /** Runs {@code task} for the first row of every chunk, on several threads when the cell is large. */
    private static void forEachChunk(int n, Weights weights, Parallelism.BlockTask task) {
        int rows = chunkRows(n);
        int chunks = chunkCount(n);
        long multiplyAdds = (long) n * weights.depth * weights.gateWidth;
        if (chunks > 1 && multiplyAdds >= PARALLEL_MIN_MULTIPLY_ADDS) {
            Parallelism.forEachBlock(chunks, chunk -> task.run(chunk * rows));
        } else {
            for (int chunk = 0; chunk < chunks; chunk++) {
                task.run(chunk * rows);
            }
        }
    }

    /**
     * Buffers sized for a block. The per-gate buffers hold a block's {@code [rows, H]} values
     * contiguously. Each thread keeps the buffers of the last {@link #CACHED_SHAPES} weight shapes
     * it used, so long runs do not allocate them per call, even when the layers of a stacked LSTM
     * alternate between input sizes.
     */
    private static final class Scratch {

        /** Weight shapes whose buffers a thread keeps. A stack of LSTM layers has two: the first layer's and the others'. */
        private static final int CACHED_SHAPES = 4;
        /** The current thread's buffers, the most recently used first. */
        private static final ThreadLocal<Scratch[]> CACHE = ThreadLocal.withInitial(() -> new Scratch[CACHED_SHAPES]);

        final int inputSize;
        final int hiddenSize;
        final double[] inputs;
        final double[] gates;
        /** {@code [BLOCK_ROWS, gateWidth]}; the padding columns are never written, so they stay zero. */
        final double[] gateGradients;
        final double[] inputGradients;
        final double[] inputGate;
        final double[] forgetGate;
        final double[] cellGate;
        final double[] outputGate;
        final double[] cellNext;
        final double[] tanhCell;
        final double[] inputGateGradient;
        final double[] forgetGateGradient;
        final double[] cellGateGradient;
        final double[] outputGateGradient;
        /** Never written: the zero output gradient used in place of a missing one. */
        final double[] zeros;

        private Scratch(Weights weights) {
            int blockValues = BLOCK_ROWS * weights.hiddenSize;
            inputSize = weights.inputSize;
            hiddenSize = weights.hiddenSize;
            inputs = new double[BLOCK_ROWS * weights.depth];
            gates = new double[BLOCK_ROWS * weights.gateWidth];
            gateGradients = new double[BLOCK_ROWS * weights.gateWidth];
            inputGradients = new double[BLOCK_ROWS * weights.paddedDepth];
            inputGate = new double[blockValues];
            forgetGate = new double[blockValues];
            cellGate = new double[blockValues];
            outputGate = new double[blockValues];
            cellNext = new double[blockValues];
            tanhCell = new double[blockValues];
            inputGateGradient = new double[blockValues];
            forgetGateGradient = new double[blockValues];
            cellGateGradient = new double[blockValues];
            outputGateGradient = new double[blockValues];
            zeros = new double[blockValues];
        }

        /**
         * Returns the current thread's buffers for weights of this shape. When none are cached,
         * allocates them in place of the least recently used.
         */
        static Scratch forThread(Weights weights) {
            Scratch[] cache = CACHE.get();
            for (int k = 0; k < cache.length; k++) {
                Scratch scratch = cache[k];
                if (scratch != null && scratch.inputSize == weights.inputSize && scratch.hiddenSize == weights.hiddenSize) {
                    // Moves the buffers to the front, so the least recently used are dropped first.
                    System.arraycopy(cache, 0, cache, 1, k);
                    cache[0] = scratch;
                    return scratch;
                }
            }
            System.arraycopy(cache, 0, cache, 1, cache.length - 1);
            cache[0] = new Scratch(weights);
            return cache[0];
        }
    }

    /** Copies the rows {@code [start, end)} of x and h side by side into the block buffer {@code [rows, I + H]}. */
    private static void copyInputs(double[] x, double[] h, Weights w, int start, int end, Scratch s) {
        int input = w.inputSize;
        int hidden = w.hiddenSize;
        for (int r = 0; r < end - start; r++) {
            System.arraycopy(x, (start + r) * input, s.inputs, r * w.depth, input);
            System.arraycopy(h, (start + r) * hidden, s.inputs, r * w.depth + input, hidden);
        }
    }

    /**
     * Copies the rows {@code [start, end)} of x and h into the block buffer and writes their
     * activated gates, one row of {@code gateWidth} per input row, to the gate buffer.
     */
    private static void computeGates(double[] x, double[] h, Weights w, int start, int end, Scratch s) {
        int rows = end - start;
        copyInputs(x, h, w, start, end, s);
        multiplyGates(w, s, rows);
        activateGates(w, s.gates, rows);
    }

    /** Writes the gate pre-activations {@code [x h] [W_ih W_hh]^T} of the block's {@code rows} input rows, without the bias, to the gate buffer. */
    private static void multiplyGates(Weights w, Scratch s, int rows) {
        GemmKernel.multiply(new GemmKernel.Operands(s.inputs, 0, w.depth, 1, w.transposed, 0, w.gateWidth, s.gates, 0, w.gateWidth,
                w.depth, w.gateWidth, false), 0, rows);
    }

    /**
     * Adds the bias to the gates of {@code rows} rows and applies sigmoid, or tanh for the cell
     * gate as {@code tanh(x) = 2 sigmoid(2x) - 1}, whose absolute error stays near 1e-16: one
     * pass of {@link VectorMath#sigmoid} over the whole block serves all four gates. The final
     * {@code 2 s - 1} is one fused multiply-add, exact in its product, so it rounds once as the
     * subtraction alone would.
     */
    private static void activateGates(Weights w, double[] gates, int rows) {
        VectorMath.affineSigmoidRows(gates, rows, w.gateWidth, w.bias, w.activationScale, w.activationShift);
    }

    /** Copies each gate of {@code rows} rows of activated gates (row stride {@code stride} from {@code offset}) to its own buffer. */
    private static void splitGates(double[] source, int offset, int stride, int rows, int hidden, Scratch s) {
        for (int r = 0; r < rows; r++) {
            int from = offset + r * stride;
            int to = r * hidden;
            System.arraycopy(source, from, s.inputGate, to, hidden);
            System.arraycopy(source, from + hidden, s.forgetGate, to, hidden);
            System.arraycopy(source, from + 2 * hidden, s.cellGate, to, hidden);
            System.arraycopy(source, from + 3 * hidden, s.outputGate, to, hidden);
        }
    }

    /** Writes the gate gradients of {@code rows} rows into the gate-gradient block, one row of {@code gateWidth} per row. */
    private static void joinGateGradients(Scratch s, int rows, int hidden, int gateWidth) {
        for (int r = 0; r < rows; r++) {
            int from = r * hidden;
            int to = r * gateWidth;
            System.arraycopy(s.inputGateGradient, from, s.gateGradients, to, hidden);
            System.arraycopy(s.forgetGateGradient, from, s.gateGradients, to + hidden, hidden);
            System.arraycopy(s.cellGateGradient, from, s.gateGradients, to + 2 * hidden, hidden);
            System.arraycopy(s.outputGateGradient, from, s.gateGradients, to + 3 * hidden, hidden);
        }
    }

    /** Writes {@code c' = f c + i g} for {@code length} values of the split gates and of {@code c} from {@code offset}. */
    private static void cellNext(Scratch s, double[] c, int offset, int length, double[] out, int outOffset) {
        int k = 0;
        for (int bound = VectorMath.SPECIES.loopBound(length); k < bound; k += LANES) {
            DoubleVector i = DoubleVector.fromArray(VectorMath.SPECIES, s.inputGate, k);
            DoubleVector f = DoubleVector.fromArray(VectorMath.SPECIES, s.forgetGate, k);
            DoubleVector g = DoubleVector.fromArray(VectorMath.SPECIES, s.cellGate, k);
            DoubleVector cell = DoubleVector.fromArray(VectorMath.SPECIES, c, offset + k);
            f.mul(cell).add(i.mul(g)).intoArray(out, outOffset + k);
        }
        for (; k < length; k++) {
            out[outOffset + k] = s.forgetGate[k] * c[offset + k] + s.inputGate[k] * s.cellGate[k];
        }
    }

    /**
     * Copies the activated gates of rows {@code [start, end)} of a chunk from the gate buffer to
     * the chunk's {@code gates}, {@code 4H} per row, in one piece when no padding separates the rows.
     */
    private static void copyGatesOut(double[] buffer, int gateWidth, int start, int end, int hidden, double[] gates) {
        if (gateWidth == 4 * hidden) {
            System.arraycopy(buffer, 0, gates, start * 4 * hidden, (end - start) * 4 * hidden);
            return;
        }
        for (int r = start; r < end; r++) {
            System.arraycopy(buffer, (r - start) * gateWidth, gates, r * 4 * hidden, 4 * hidden);
        }
    }

    /**
     * Computes {@code c' = f c + i g} and {@code h' = o tanh(c')} for {@code rows} rows from row
     * {@code start}, reading each gate where the activation left it in the gate buffer instead of
     * copying it out first. Only for H at least the vector length: see {@link #nextVector} for how
     * a row whose length is not a multiple of it is covered. The arithmetic is that of
     * {@link #forwardBlock}, so are the bits.
     */
    private static void forwardRows(double[] gates, int gateWidth, double[] c, int start, int rows, int hidden, double[] hOut,
            double[] cOut) {
        for (int r = 0; r < rows; r++) {
            int gateRow = r * gateWidth;
            int offset = (start + r) * hidden;
            for (int k = 0; k < hidden; k = nextVector(k, hidden)) {
                DoubleVector i = DoubleVector.fromArray(VectorMath.SPECIES, gates, gateRow + k);
                DoubleVector f = DoubleVector.fromArray(VectorMath.SPECIES, gates, gateRow + hidden + k);
                DoubleVector g = DoubleVector.fromArray(VectorMath.SPECIES, gates, gateRow + 2 * hidden + k);
                DoubleVector cell = DoubleVector.fromArray(VectorMath.SPECIES, c, offset + k);
                f.mul(cell).add(i.mul(g)).intoArray(cOut, offset + k);
            }
            VectorMath.multiplyTanh(cOut, offset, gates, gateRow + 3 * hidden, hOut, offset, hidden);
        }
    }

    /**
     * Returns where the vector after the one at {@code k} starts in a row of {@code length >= LANES}
     * values, or {@code length} when the row is done. The vectors start at multiples of
     * {@link #LANES}, and when {@code length} is not one, a last vector ends at the row's last
     * value and overlaps the one before: for 20 values and 8 lanes they start at 0, 8 and 12.
     * Lanes do not interact and every input stays unchanged, so the values that the overlap
     * computes twice get the same bits both times. With 8 lanes and H = 20, this spares copying
     * each gate of every row into a buffer of its own.
     */
    private static int nextVector(int k, int length) {
        int last = length - LANES;
        return k == last ? length : Math.min(k + LANES, last);
    }

    /**
     * Computes what {@link #gateGradients} and {@link #joinGateGradients} compute together, row by
     * row: it reads each gate from the kept gates {@code [rows, 4H]} from {@code gateOffset} and
     * writes each gate's gradient straight into its columns of the gate-gradient block, with no
     * copies in between. Only for H at least the vector length, covered as {@link #nextVector}
     * describes. The arithmetic is that of {@link #gateGradients}, so are the bits.
     */
    private static void gateGradientRows(double[] gates, int gateOffset, Scratch s, double[] c, int offset, double[] dhNext,
            int dhOffset, double[] dcNext, int dcOffset, int rows, int gateWidth, double[] dc) {
        int hidden = s.hiddenSize;
        DoubleVector ones = VectorMath.ONE_LANES;
        DoubleVector minusOnes = VectorMath.MINUS_ONE_LANES;
        for (int r = 0; r < rows; r++) {
            int gateRow = gateOffset + r * 4 * hidden;
            int outRow = r * gateWidth;
            int value = r * hidden;
            for (int k = 0; k < hidden; k = nextVector(k, hidden)) {
                DoubleVector i = DoubleVector.fromArray(VectorMath.SPECIES, gates, gateRow + k);
                DoubleVector f = DoubleVector.fromArray(VectorMath.SPECIES, gates, gateRow + hidden + k);
                DoubleVector g = DoubleVector.fromArray(VectorMath.SPECIES, gates, gateRow + 2 * hidden + k);
                DoubleVector o = DoubleVector.fromArray(VectorMath.SPECIES, gates, gateRow + 3 * hidden + k);
                DoubleVector cell = DoubleVector.fromArray(VectorMath.SPECIES, c, offset + value + k);
                DoubleVector tanhCell = DoubleVector.fromArray(VectorMath.SPECIES, s.tanhCell, value + k);
                DoubleVector dh = DoubleVector.fromArray(VectorMath.SPECIES, dhNext, dhOffset + value + k);
                DoubleVector dcIn = DoubleVector.fromArray(VectorMath.SPECIES, dcNext, dcOffset + value + k);

                DoubleVector dcTotal = dcIn.add(dh.mul(o).mul(tanhCell.mul(tanhCell).mul(minusOnes).add(ones)));
                dh.mul(tanhCell).mul(o).mul(o.mul(minusOnes).add(ones)).intoArray(s.gateGradients, outRow + 3 * hidden + k);
                dcTotal.mul(g).mul(i).mul(i.mul(minusOnes).add(ones)).intoArray(s.gateGradients, outRow + k);
                dcTotal.mul(i).mul(g.mul(g).mul(minusOnes).add(ones)).intoArray(s.gateGradients, outRow + 2 * hidden + k);
                dcTotal.mul(cell).mul(f).mul(f.mul(minusOnes).add(ones)).intoArray(s.gateGradients, outRow + hidden + k);
                dcTotal.mul(f).intoArray(dc, offset + value + k);
            }
        }
    }

    /** Computes {@code c' = f c + i g} and {@code h' = o tanh(c')} for the {@code length} values of a block from {@code offset}. */
    private static void forwardBlock(Scratch s, double[] c, int offset, int length, double[] hOut, double[] cOut) {
        cellNext(s, c, offset, length, cOut, offset);
        VectorMath.multiplyTanh(cOut, offset, s.outputGate, 0, hOut, offset, length);
    }

    /**
     * Writes the gradients of the pre-activation gates of a block's {@code length} values to the
     * per-gate gradient buffers, and the gradient of {@code c} to {@code dc} from {@code offset}:
     * <pre>
     * dc' += dh' o (1 - tanh(c')^2)
     * do = dh' tanh(c') o (1 - o);  di = dc' g i (1 - i);  dg = dc' i (1 - g^2);  df = dc' c f (1 - f)
     * dc = dc' f
     * </pre>
     * The scalar tail repeats the vector loop's operations in the same order, so every value gets
     * the same bits wherever it falls.
     */
    private static void gateGradients(Scratch s, double[] c, int offset, double[] dhNext, int dhOffset, double[] dcNext, int dcOffset,
            int length, double[] dc) {
        int k = 0;
        for (int bound = VectorMath.SPECIES.loopBound(length); k < bound; k += LANES) {
            DoubleVector i = DoubleVector.fromArray(VectorMath.SPECIES, s.inputGate, k);
            DoubleVector f = DoubleVector.fromArray(VectorMath.SPECIES, s.forgetGate, k);
            DoubleVector g = DoubleVector.fromArray(VectorMath.SPECIES, s.cellGate, k);
            DoubleVector o = DoubleVector.fromArray(VectorMath.SPECIES, s.outputGate, k);
            DoubleVector cell = DoubleVector.fromArray(VectorMath.SPECIES, c, offset + k);
            DoubleVector tanhCell = DoubleVector.fromArray(VectorMath.SPECIES, s.tanhCell, k);
            DoubleVector dh = DoubleVector.fromArray(VectorMath.SPECIES, dhNext, dhOffset + k);
            DoubleVector dcIn = DoubleVector.fromArray(VectorMath.SPECIES, dcNext, dcOffset + k);

            DoubleVector dcTotal = dcIn.add(dh.mul(o).mul(tanhCell.mul(tanhCell).mul(-1.0).add(1.0)));
            dh.mul(tanhCell).mul(o).mul(o.mul(-1.0).add(1.0)).intoArray(s.outputGateGradient, k);
            dcTotal.mul(g).mul(i).mul(i.mul(-1.0).add(1.0)).intoArray(s.inputGateGradient, k);
            dcTotal.mul(i).mul(g.mul(g).mul(-1.0).add(1.0)).intoArray(s.cellGateGradient, k);
            dcTotal.mul(cell).mul(f).mul(f.mul(-1.0).add(1.0)).intoArray(s.forgetGateGradient, k);
            dcTotal.mul(f).intoArray(dc, offset + k);
        }
        for (; k < length; k++) {
            double i = s.inputGate[k];
            double f = s.forgetGate[k];
            double g = s.cellGate[k];
            double o = s.outputGate[k];
            double tanhCell = s.tanhCell[k];
            double dh = dhNext[dhOffset + k];
            double dcTotal = dcNext[dcOffset + k] + dh * o * (tanhCell * tanhCell * -1.0 + 1.0);
            s.outputGateGradient[k] = dh * tanhCell * o * (o * -1.0 + 1.0);
            s.inputGateGradient[k] = dcTotal * g * i * (i * -1.0 + 1.0);
            s.cellGateGradient[k] = dcTotal * i * (g * g * -1.0 + 1.0);
            s.forgetGateGradient[k] = dcTotal * c[offset + k] * f * (f * -1.0 + 1.0);
            dc[offset + k] = dcTotal * f;
        }
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
        for (int column = 0; column < 4 * hidden; column++) {
            for (int p = 0; p < input; p++) {
                weightIh[column * input + p] = weightSum[p * w.gateWidth + column];
            }
            for (int p = 0; p < hidden; p++) {
                weightHh[column * hidden + p] = weightSum[(input + p) * w.gateWidth + column];
            }
            bias[column] = biasSum[column];
        }
        return new Tensor[] {Tensor.wrap(weightIh, 4 * hidden, input), Tensor.wrap(weightHh, 4 * hidden, hidden), Tensor.wrap(bias, 4 * hidden)};
    }
}
