/**
 * Reverse-mode automatic differentiation over {@code l2l.tensor} tensors: variables that record
 * the operations applied to them, a backward pass over the recorded graph, optional higher-order
 * gradients, the layers of the project's models (linear, convolution, max pooling, batch
 * normalisation, softmax cross-entropy, the LSTM cell) and a finite-difference gradient check.
 */
module l2l.autodiff {
    requires transitive l2l.tensor;

    exports l2l.autodiff;
}
