/**
 * Immutable dense tensors of doubles: shapes of any rank, row-major storage, element-wise
 * arithmetic with explicit broadcasting, reductions, matrix products, convolution and pooling,
 * and the small JSON and safetensors formats that store them.
 *
 * <p>This is the only module that uses ojAlgo. Every other module sees tensors through this
 * module's own types, so the matrix library can change without touching them.
 */
module l2l.tensor {
    requires ojalgo;
    // The hot kernels use the Vector API. javac warns at compile time and the JVM prints
    // "Using incubator modules: jdk.incubator.vector" at start-up; neither needs a flag.
    requires jdk.incubator.vector;

    exports l2l.tensor;
    exports l2l.tensor.io;
}
