/**
 * Reverse-mode automatic differentiation: {@link l2l.autodiff.Variable} records the operations
 * applied to it, {@link l2l.autodiff.Variable#backward()} and {@link l2l.autodiff.Gradients}
 * differentiate the recorded graph, {@link l2l.autodiff.NoGrad} turns recording off, and
 * {@link l2l.autodiff.NeuralOps}, {@link l2l.autodiff.BatchNorm} and {@link l2l.autodiff.Lstm}
 * provide the layers of the models. {@link l2l.autodiff.GradientCheck} compares gradients with
 * finite differences.
 */
package l2l.autodiff;
