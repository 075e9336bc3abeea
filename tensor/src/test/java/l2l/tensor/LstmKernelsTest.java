package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LstmKernelsTest {

    private static final Tolerance TIGHT = new Tolerance(1e-13, 1e-12);

    private final TensorRandom random = new TensorRandom(41);
    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    /** Parameters and inputs of one cell. */
    private final class Cell {

        final Tensor x;
        final Tensor h;
        final Tensor c;
        final Tensor weightIh;
        final Tensor weightHh;
        final Tensor biasIh;
        final Tensor biasHh;

        Cell(int n, int input, int hidden) {
            x = random.normal(0, 1, n, input);
            h = random.normal(0, 1, n, hidden);
            c = random.normal(0, 1, n, hidden);
            weightIh = random.normal(0, 0.5, 4 * hidden, input);
            weightHh = random.normal(0, 0.5, 4 * hidden, hidden);
            biasIh = random.normal(0, 0.5, 4 * hidden);
            biasHh = random.normal(0, 0.5, 4 * hidden);
        }

        LstmKernels.Weights weights() {
            return LstmKernels.Weights.of(weightIh, weightHh, biasIh, biasHh);
        }

        /** Returns {h', c'} computed with plain tensor operations. */
        Tensor[] reference() {
            int hidden = h.dim(1);
            Tensor gates = x.matmulTransposed(weightIh).add(biasIh).add(h.matmulTransposed(weightHh)).add(biasHh);
            Tensor i = gates.slice(1, 0, hidden).sigmoid();
            Tensor f = gates.slice(1, hidden, 2 * hidden).sigmoid();
            Tensor g = gates.slice(1, 2 * hidden, 3 * hidden).tanh();
            Tensor o = gates.slice(1, 3 * hidden, 4 * hidden).sigmoid();
            Tensor cNext = f.mul(c).add(i.mul(g));
            return new Tensor[] {o.mul(cNext.tanh()), cNext};
        }
    }

    @Test
    void forwardMatchesComposedCellAcrossBlockBoundaries() {
        int[][] sizes = {{1, 2, 1}, {5, 3, 4}, {59, 2, 20}, {60, 4, 20}, {61, 1, 9}, {1000, 4, 20}};
        for (int[] size : sizes) {
            Cell cell = new Cell(size[0], size[1], size[2]);

            LstmKernels.State state = LstmKernels.forward(cell.x, cell.h, cell.c, cell.weights());

            Tensor[] expected = cell.reference();
            assertThat(TIGHT.mismatch(state.h(), expected[0])).as("h' for n, I, H = %d, %d, %d", size[0], size[1], size[2]).isEmpty();
            assertThat(TIGHT.mismatch(state.c(), expected[1])).as("c' for n, I, H = %d, %d, %d", size[0], size[1], size[2]).isEmpty();
        }
    }

    @Test
    void gateProductsChecksumPerBlock() {
        Parallelism.setThreads(1);
        int n = 2 * LstmKernels.BLOCK_ROWS + 5;
        Cell cell = new Cell(n, 3, 4);
        // Without the biases, gate 0 of row r is x[r] . W_ih[0] + h[r] . W_hh[0].
        Tensor firstGate = cell.x.matmulTransposed(cell.weightIh.slice(0, 0, 1))
                .add(cell.h.matmulTransposed(cell.weightHh.slice(0, 0, 1)));
        double expected = firstGate.getFlat(0) + firstGate.getFlat(LstmKernels.BLOCK_ROWS)
                + firstGate.getFlat(2 * LstmKernels.BLOCK_ROWS);

        double checksum = LstmKernels.gateProducts(cell.x, cell.h, cell.weights());

        assertThat(checksum).isCloseTo(expected, within(1e-12));
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Cell cell = new Cell(7, 3, 5);
        Tensor gradientH = random.normal(0, 1, 7, 5);
        Tensor gradientC = random.normal(0, 1, 7, 5);

        LstmKernels.Gradients gradients = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), gradientH, gradientC, true, true);

        // Directional derivative of <gH, h'> + <gC, c'> along random directions of each input.
        double step = 1e-6;
        Tensor[] directions = new Tensor[6];
        for (int k = 0; k < 6; k++) {
            Tensor[] inputs = {cell.x, cell.h, cell.c, cell.weightIh, cell.weightHh, cell.biasIh};
            directions[k] = random.normal(0, 1, inputs[k].shape());
        }
        Tensor[] analytic = {gradients.x(), gradients.h(), gradients.c(), gradients.weightIh(), gradients.weightHh(), gradients.bias()};
        for (int k = 0; k < 6; k++) {
            double plus = objective(cell, directions[k], k, step, gradientH, gradientC);
            double minus = objective(cell, directions[k], k, -step, gradientH, gradientC);
            double numeric = (plus - minus) / (2 * step);
            double automatic = analytic[k].mul(directions[k]).sum().item();
            assertThat(new Tolerance(1e-7, 1e-7).accepts(automatic, numeric)).as("input %d: %s vs %s", k, automatic, numeric).isTrue();
        }
    }

    private static double objective(Cell cell, Tensor direction, int input, double step, Tensor gradientH, Tensor gradientC) {
        Tensor[] values = {cell.x, cell.h, cell.c, cell.weightIh, cell.weightHh, cell.biasIh};
        values[input] = values[input].add(direction.mul(step));
        LstmKernels.State state = LstmKernels.forward(values[0], values[1], values[2],
                LstmKernels.Weights.of(values[3], values[4], values[5], cell.biasHh));
        return state.h().mul(gradientH).sum().item() + state.c().mul(gradientC).sum().item();
    }

    @Test
    void missingOutputGradientCountsAsZero() {
        Cell cell = new Cell(4, 2, 3);
        Tensor gradientH = random.normal(0, 1, 4, 3);

        LstmKernels.Gradients withNull = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), gradientH, null, true, true);
        LstmKernels.Gradients withZeros = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), gradientH, Tensor.zeros(4, 3), true,
                true);

        assertThat(withNull.x()).isEqualTo(withZeros.x());
        assertThat(withNull.weightHh()).isEqualTo(withZeros.weightHh());
    }

    @Test
    void unrequestedGradientsAreNull() {
        Cell cell = new Cell(3, 2, 2);

        LstmKernels.Gradients gradients = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), Tensor.ones(3, 2), null, false, false);

        assertThat(gradients.x()).isNull();
        assertThat(gradients.weightIh()).isNull();
        assertThat(gradients.c()).isNotNull();
    }

    @Test
    void chunkRowsSplitSmallCellsFinely() {
        assertThat(LstmKernels.chunkRows(1)).isEqualTo(LstmKernels.BLOCK_ROWS);
        assertThat(LstmKernels.chunkRows(1280)).isEqualTo(2 * LstmKernels.BLOCK_ROWS);
        assertThat(LstmKernels.chunkRows(16 * LstmKernels.MAX_CHUNK_ROWS)).isEqualTo(LstmKernels.MAX_CHUNK_ROWS);
        assertThat(LstmKernels.chunkRows(397_510)).isEqualTo(LstmKernels.MAX_CHUNK_ROWS);
    }

    @Test
    void resultsIndependentOfThreadCount() {
        Cell cell = new Cell(3000, 4, 20);
        Tensor gradientH = random.normal(0, 1, 3000, 20);

        Parallelism.setThreads(1);
        LstmKernels.State state = LstmKernels.forward(cell.x, cell.h, cell.c, cell.weights());
        LstmKernels.Gradients gradients = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), gradientH, null, true, true);
        Parallelism.setThreads(3);
        LstmKernels.State parallelState = LstmKernels.forward(cell.x, cell.h, cell.c, cell.weights());
        LstmKernels.Gradients parallelGradients = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), gradientH, null, true, true);

        assertThat(parallelState.h()).isEqualTo(state.h());
        assertThat(parallelGradients.weightIh()).isEqualTo(gradients.weightIh());
        assertThat(parallelGradients.weightHh()).isEqualTo(gradients.weightHh());
        assertThat(parallelGradients.bias()).isEqualTo(gradients.bias());
        assertThat(parallelGradients.x()).isEqualTo(gradients.x());
    }

    @Test
    void cellsOfShapesInTurnKeepTheirBits() {
        // Five shapes, one more than a thread keeps buffers for. In this order the first shape's
        // buffers are found again after other shapes used theirs, and other shapes' are dropped.
        int[][] sizes = {{500, 2, 20}, {500, 20, 20}, {70, 3, 5}, {70, 1, 9}, {300, 4, 20}};
        int[] order = {0, 1, 0, 2, 3, 0, 4, 0, 1, 2, 3, 4};
        Cell[] cells = new Cell[sizes.length];
        Tensor[] gradients = new Tensor[sizes.length];
        LstmKernels.Gradients[] first = new LstmKernels.Gradients[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            cells[k] = new Cell(sizes[k][0], sizes[k][1], sizes[k][2]);
            gradients[k] = random.normal(0, 1, sizes[k][0], sizes[k][2]);
            first[k] = cellGradients(cells[k], gradients[k]);
        }

        for (int position = 0; position < order.length; position++) {
            int k = order[position];
            LstmKernels.Gradients again = cellGradients(cells[k], gradients[k]);
            String label = "n, I, H = " + sizes[k][0] + ", " + sizes[k][1] + ", " + sizes[k][2] + " at position " + position;
            assertThat(again.x()).as("dx of " + label).isEqualTo(first[k].x());
            assertThat(again.h()).as("dh of " + label).isEqualTo(first[k].h());
            assertThat(again.c()).as("dc of " + label).isEqualTo(first[k].c());
            assertThat(again.weightIh()).as("dW_ih of " + label).isEqualTo(first[k].weightIh());
            assertThat(again.weightHh()).as("dW_hh of " + label).isEqualTo(first[k].weightHh());
            assertThat(again.bias()).as("db of " + label).isEqualTo(first[k].bias());
        }
    }

    /** Returns the gradients of a cell's forward pass with saved gates, for the output gradient {@code gradientH}. */
    private static LstmKernels.Gradients cellGradients(Cell cell, Tensor gradientH) {
        LstmKernels.Saved saved = LstmKernels.forwardSaving(cell.x, cell.h, cell.c, cell.weights());
        return LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), saved, gradientH, null, true, true);
    }

    @Test
    void savedGatesGiveSameBitsAsRecomputed() {
        int[][] sizes = {{7, 3, 5}, {61, 1, 9}, {1000, 4, 20}, {3000, 2, 20}};
        for (int[] size : sizes) {
            Cell cell = new Cell(size[0], size[1], size[2]);
            Tensor gradientH = random.normal(0, 1, size[0], size[2]);
            Tensor gradientC = random.normal(0, 1, size[0], size[2]);

            LstmKernels.Saved saved = LstmKernels.forwardSaving(cell.x, cell.h, cell.c, cell.weights());
            LstmKernels.State plain = LstmKernels.forward(cell.x, cell.h, cell.c, cell.weights());
            LstmKernels.Gradients reused = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), saved, gradientH, gradientC, true,
                    true);
            LstmKernels.Gradients recomputed = LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), gradientH, gradientC, true, true);

            String label = "n, I, H = " + size[0] + ", " + size[1] + ", " + size[2];
            assertThat(saved.state().h()).as("h' of " + label).isEqualTo(plain.h());
            assertThat(saved.state().c()).as("c' of " + label).isEqualTo(plain.c());
            assertThat(reused.x()).as("dx of " + label).isEqualTo(recomputed.x());
            assertThat(reused.h()).as("dh of " + label).isEqualTo(recomputed.h());
            assertThat(reused.c()).as("dc of " + label).isEqualTo(recomputed.c());
            assertThat(reused.weightIh()).as("dW_ih of " + label).isEqualTo(recomputed.weightIh());
            assertThat(reused.weightHh()).as("dW_hh of " + label).isEqualTo(recomputed.weightHh());
            assertThat(reused.bias()).as("db of " + label).isEqualTo(recomputed.bias());
        }
    }

    @Test
    void savedStateOfOtherInputsRejected() {
        Cell cell = new Cell(4, 2, 3);
        Cell other = new Cell(5, 2, 3);
        LstmKernels.Saved saved = LstmKernels.forwardSaving(other.x, other.h, other.c, other.weights());

        assertThatThrownBy(() -> LstmKernels.backward(cell.x, cell.h, cell.c, cell.weights(), saved, Tensor.ones(4, 3), null, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lstmCell: the saved forward pass does not belong to these inputs: it has c' of shape [5, 3], expected [4, 3]; "
                        + "use forwardSaving on the same inputs");
    }

    @Test
    void shapeErrorsNameShapes() {
        Cell cell = new Cell(3, 2, 4);

        assertThatThrownBy(() -> LstmKernels.Weights.of(cell.weightIh, Tensor.zeros(12, 4), cell.biasIh, cell.biasHh))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lstmCell: weight_hh must be [4H, H] with H >= 1, got [12, 4]");
        assertThatThrownBy(() -> LstmKernels.Weights.of(Tensor.zeros(12, 2), cell.weightHh, cell.biasIh, cell.biasHh))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lstmCell: weight_ih must be [4H, I] = [16, I] to match weight_hh [16, 4], got [12, 2]");
        assertThatThrownBy(() -> LstmKernels.forward(Tensor.zeros(3, 5), cell.h, cell.c, cell.weights()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lstmCell: x must be [n, I] = [n, 2] to match the weights, got [3, 5]");
        assertThatThrownBy(() -> LstmKernels.forward(cell.x, Tensor.zeros(2, 4), cell.c, cell.weights()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("h and c must be [n, H] = [3, 4] to match x [3, 2] and the weights, got [2, 4] and [3, 4]");
    }
}
