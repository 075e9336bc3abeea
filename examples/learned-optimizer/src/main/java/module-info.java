/**
 * An example of l2l as a library: a module that requires only {@code l2l.metalearner} (and
 * through it {@code l2l.tensor}, {@code l2l.autodiff} and ojAlgo), defines a model of its own,
 * meta-trains a coordinate-wise LSTM optimizer on it and uses that optimizer in a plain training
 * loop.
 */
module com.example.l2l.optimizer {
    // Transitive because the public methods take and return types of l2l.metalearner.
    requires transitive l2l.metalearner;

    exports com.example.l2l.optimizer;
}
