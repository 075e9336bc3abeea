package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatrixProductTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    private final TensorRandom random = new TensorRandom(11);
    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    /** Returns {@code A B} by the textbook triple loop over the public accessors. */
    private static Tensor reference(Tensor a, Tensor b) {
        int n = a.dim(0);
        int k = a.dim(1);
        int m = b.dim(1);
        double[] out = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a.get(i, p) * b.get(p, j);
                }
                out[i * m + j] = sum;
            }
        }
        return Tensor.of(out, n, m);
    }

    @Test
    void matmulSmallExample() {
        Tensor a = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.matrix(new double[][] {{1, 0}, {0, 1}, {1, 1}});

        assertThat(a.matmul(b)).isEqualTo(Tensor.matrix(new double[][] {{4, 5}, {10, 11}}));
    }

    @Test
    void allVariantsMatchReferenceAcrossTileBoundaries() {
        int[] rowCounts = {1, 4, 5, 6, 7, 10, 11, 13, 22, 100};
        int[] innerSizes = {0, 1, 3, 24};
        int[] columnCounts = {1, 3, 8, 9, 17, 33, 80};
        for (int n : rowCounts) {
            for (int k : innerSizes) {
                for (int m : columnCounts) {
                    Tensor a = random.normal(0, 1, n, k);
                    Tensor b = random.normal(0, 1, k, m);
                    Tensor expected = reference(a, b);
                    String shapes = "[" + n + ", " + k + "] x [" + k + ", " + m + "]";

                    assertThat(TIGHT.mismatch(a.matmul(b), expected)).as("matmul %s", shapes).isEmpty();
                    assertThat(TIGHT.mismatch(a.transpose().transposedMatmul(b), expected)).as("transposedMatmul %s", shapes).isEmpty();
                    assertThat(TIGHT.mismatch(a.matmulTransposed(b.transpose()), expected)).as("matmulTransposed %s", shapes).isEmpty();
                }
            }
        }
    }

    @Test
    void tilesMatchFusedChainBits() {
        int[] rowCounts = {1, 4, 5, 6, 10, 11, 22, 40};
        int[] columnCounts = {1, 3, 8, 9, 17, 20, 49, 80};
        for (int n : rowCounts) {
            for (int m : columnCounts) {
                Tensor a = random.normal(0, 1, n, 22);
                Tensor b = random.normal(0, 1, 22, m);
                double[] product = a.matmul(b).data();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        double chain = 0;
                        for (int p = 0; p < 22; p++) {
                            chain = Math.fma(a.get(i, p), b.get(p, j), chain);
                        }
                        assertThat(Double.doubleToLongBits(product[i * m + j])).as("[%d, 22] x [22, %d] at (%d, %d)", n, m, i, j)
                                .isEqualTo(Double.doubleToLongBits(chain));
                    }
                }
            }
        }
    }

    @Test
    void blockedTransposedProductsMatchFusedChainBits() {
        // 300 rows of A sum in two depth blocks, so the second block adds to the stored first. With
        // 8 lanes, 9, 20 and 49 columns end in an overlapping vector, which must not add to its kept
        // lanes twice. Other vector lengths overlap at 9 and 49 only.
        int depth = 300;
        for (int n : new int[] {1, 5, 6, 22}) {
            for (int m : new int[] {1, 9, 20, 49}) {
                Tensor a = random.normal(0, 1, depth, n);
                Tensor b = random.normal(0, 1, depth, m);
                double[] product = a.transposedMatmul(b).data();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        double chain = 0;
                        for (int p = 0; p < depth; p++) {
                            chain = Math.fma(a.get(p, i), b.get(p, j), chain);
                        }
                        assertThat(Double.doubleToLongBits(product[i * m + j])).as("[%d, %d]^T x [%d, %d] at (%d, %d)", depth, n, depth, m, i, j)
                                .isEqualTo(Double.doubleToLongBits(chain));
                    }
                }
            }
        }
    }

    @Test
    void largeRightOperandUsesOjAlgoRoute() {
        // op(B) of 400 x 400 = 160,000 elements exceeds the kernel's limit of 131,072.
        Tensor a = random.normal(0, 1, 7, 400);
        Tensor b = random.normal(0, 1, 400, 400);
        Tensor expected = reference(a, b);

        assertThat(TIGHT.mismatch(a.matmul(b), expected)).isEmpty();
        assertThat(TIGHT.mismatch(a.transpose().transposedMatmul(b), expected)).isEmpty();
        assertThat(TIGHT.mismatch(a.matmulTransposed(b.transpose()), expected)).isEmpty();
    }

    @Test
    void transposedMatmulSumsOverManyRowsInChunks() {
        // 10,000 rows make three chunks of the A^T B reduction.
        Tensor a = random.normal(0, 1, 10_000, 5);
        Tensor b = random.normal(0, 1, 10_000, 11);

        Tensor expected = reference(a.transpose(), b);

        assertThat(new Tolerance(1e-10, 1e-10).mismatch(a.transposedMatmul(b), expected)).isEmpty();
    }

    @Test
    void resultsIndependentOfThreadCount() {
        Tensor a = random.normal(0, 1, 5000, 24);
        Tensor w = random.normal(0, 1, 24, 80);
        Tensor g = random.normal(0, 1, 5000, 80);
        Tensor batchA = random.normal(0, 1, 4, 60, 30);
        Tensor batchB = random.normal(0, 1, 4, 30, 50);

        Parallelism.setThreads(1);
        Tensor product = a.matmul(w);
        Tensor weightGradient = a.transposedMatmul(g);
        Tensor inputGradient = g.matmulTransposed(w);
        Tensor batched = batchA.matmul(batchB);
        Parallelism.setThreads(3);

        assertThat(a.matmul(w)).isEqualTo(product);
        assertThat(a.transposedMatmul(g)).isEqualTo(weightGradient);
        assertThat(g.matmulTransposed(w)).isEqualTo(inputGradient);
        assertThat(batchA.matmul(batchB)).isEqualTo(batched);
    }

    @Test
    void batchedProducts() {
        Tensor a = random.normal(0, 1, 3, 4, 5);
        Tensor b = random.normal(0, 1, 3, 5, 2);
        Tensor shared = random.normal(0, 1, 5, 2);
        Tensor sharedLeft = random.normal(0, 1, 6, 4);

        Tensor product = a.matmul(b);
        Tensor withShared = a.matmul(shared);
        Tensor withSharedLeft = sharedLeft.matmul(a);

        assertThat(product.shape()).containsExactly(3, 4, 2);
        assertThat(withSharedLeft.shape()).containsExactly(3, 6, 5);
        for (int entry = 0; entry < 3; entry++) {
            Tensor left = a.slice(0, entry, entry + 1).reshape(4, 5);
            Tensor right = b.slice(0, entry, entry + 1).reshape(5, 2);
            assertThat(TIGHT.mismatch(product.slice(0, entry, entry + 1).reshape(4, 2), reference(left, right))).isEmpty();
            assertThat(TIGHT.mismatch(withShared.slice(0, entry, entry + 1).reshape(4, 2), reference(left, shared))).isEmpty();
            assertThat(TIGHT.mismatch(withSharedLeft.slice(0, entry, entry + 1).reshape(6, 5), reference(sharedLeft, left))).isEmpty();
        }
        assertThat(TIGHT.mismatch(a.transposedMatmul(a), a.transpose(1, 2).matmul(a))).isEmpty();
        assertThat(TIGHT.mismatch(a.matmulTransposed(a), a.matmul(a.transpose(1, 2)))).isEmpty();
    }

    @Test
    void innerDimensionMismatchNamesBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: inner dimensions of A B differ: [3, 4] and [5, 2] give 4 and 5");
        assertThatThrownBy(() -> Tensor.zeros(3, 4).transposedMatmul(Tensor.zeros(4, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transposedMatmul: inner dimensions of A^T B differ: [3, 4] and [4, 2] give 3 and 4");
        assertThatThrownBy(() -> Tensor.zeros(3, 4).matmulTransposed(Tensor.zeros(4, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmulTransposed: inner dimensions of A B^T differ: [3, 4] and [4, 2] give 4 and 2");
    }

    @Test
    void batchAndRankErrorsNameShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: batch sizes differ: [2, 3, 4] and [3, 4, 5]");
        assertThatThrownBy(() -> Tensor.zeros(4).matmul(Tensor.zeros(4, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: expected matrices [n, k] or batches [b, n, k], got shapes [4] and [4, 2]");
    }

    @Test
    void overflowingProductThrows() {
        Tensor big = Tensor.matrix(new double[][] {{1e300, 1e300}});

        assertThatThrownBy(() -> big.matmul(big.transpose()))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("matmul: the result at index [0, 0] is Infinity");
    }
}
