package l2l.autodiff;

/**
 * Differentiable matrix products. With {@code C = A B}: {@code dA = dC B^T} and
 * {@code dB = A^T dC}; the transposed variants follow by swapping roles, so every backward rule is
 * again a product of the three kinds and a graph can be built through it. A matrix used with
 * every entry of a batch gets the sum of its gradients over the batch.
 */
final class MatrixOps {

    private MatrixOps() {
    }

    /** Returns {@code A B}. */
    static Variable matmul(Variable a, Variable b) {
        return Graph.record("matmul", a.value().matmul(b.value()), (out, g, needs) -> new Variable[] {
            needs[0] ? Graph.sumTo(g.matmulTransposed(b), a.shape()) : null,
            needs[1] ? Graph.sumTo(a.transposedMatmul(g), b.shape()) : null}, a, b);
    }

    /** Returns {@code A^T B}: {@code dA = B dC^T}, {@code dB = A dC}. */
    static Variable transposedMatmul(Variable a, Variable b) {
        return Graph.record("transposedMatmul", a.value().transposedMatmul(b.value()), (out, g, needs) -> new Variable[] {
            needs[0] ? Graph.sumTo(b.matmulTransposed(g), a.shape()) : null,
            needs[1] ? Graph.sumTo(a.matmul(g), b.shape()) : null}, a, b);
    }

    /** Returns {@code A B^T}: {@code dA = dC B}, {@code dB = dC^T A}. */
    static Variable matmulTransposed(Variable a, Variable b) {
        return Graph.record("matmulTransposed", a.value().matmulTransposed(b.value()), (out, g, needs) -> new Variable[] {
            needs[0] ? Graph.sumTo(g.matmul(b), a.shape()) : null,
            needs[1] ? Graph.sumTo(g.transposedMatmul(a), b.shape()) : null}, a, b);
    }
}
