/**
 * The {@link l2l.tensor.Tensor} type and its operations.
 *
 * <p>Shapes are written in brackets, outermost dimension first: a batch of 128 gray images of
 * 28 by 28 pixels is {@code [128, 1, 28, 28]}. Operations check shapes before they compute and
 * name the operation and both shapes when they differ.
 */
package l2l.tensor;
