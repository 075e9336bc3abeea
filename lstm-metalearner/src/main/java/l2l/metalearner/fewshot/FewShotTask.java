package l2l.metalearner.fewshot;

import java.util.Arrays;
import java.util.Objects;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * One few-shot classification task in the form the meta-learner takes: a support set to adapt the
 * learner on and a query set to score it on, with labels {@code 0 .. ways - 1}. Inputs have the
 * learner's example shape after the batch dimension, for example support {@code [5, 1, 28, 28]}
 * and query {@code [75, 1, 28, 28]} for a 5-way 1-shot Omniglot task with 15 queries per class.
 *
 * <p>The label arrays are copied on the way in and out, so a task is immutable.
 *
 * @param index the position of the task in its sequence, for messages and logs
 * @param support the support inputs {@code [S, ...]}
 * @param supportLabels the label of every support input
 * @param query the query inputs {@code [Q, ...]}
 * @param queryLabels the label of every query input
 * @param ways the number of classes
 */
public record FewShotTask(long index, Tensor support, int[] supportLabels, Tensor query, int[] queryLabels, int ways) {

    /** Copies the labels and checks that the sizes and labels agree. */
    public FewShotTask {
        Objects.requireNonNull(support, "support");
        Objects.requireNonNull(query, "query");
        supportLabels = supportLabels.clone();
        queryLabels = queryLabels.clone();
        if (ways < 2) {
            throw new IllegalArgumentException("FewShotTask: a task needs at least 2 classes, got " + ways);
        }
        check("support", support, supportLabels, ways);
        check("query", query, queryLabels, ways);
        if (!Arrays.equals(support.shape(), 1, support.rank(), query.shape(), 1, query.rank())) {
            throw new IllegalArgumentException("FewShotTask: support inputs " + Shapes.toString(support.shape()) + " and query inputs "
                    + Shapes.toString(query.shape()) + " differ in their example shape");
        }
    }

    private static void check(String set, Tensor inputs, int[] labels, int ways) {
        if (inputs.rank() < 2 || inputs.dim(0) != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("FewShotTask: " + labels.length + " " + set + " labels for " + set + " inputs of shape "
                    + Shapes.toString(inputs.shape()) + "; expected one label per input and at least one input");
        }
        for (int position = 0; position < labels.length; position++) {
            if (labels[position] < 0 || labels[position] >= ways) {
                throw new IllegalArgumentException("FewShotTask: " + set + " label " + labels[position] + " at position " + position
                        + " is outside [0, " + ways + ")");
            }
        }
    }

    /** Returns a copy of the support labels. */
    @Override
    public int[] supportLabels() {
        return supportLabels.clone();
    }

    /** Returns a copy of the query labels. */
    @Override
    public int[] queryLabels() {
        return queryLabels.clone();
    }

    /** Returns the shape of one example, without the batch dimension. */
    public int[] exampleShape() {
        int[] shape = support.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FewShotTask that && index == that.index && ways == that.ways && support.equals(that.support)
                && query.equals(that.query) && Arrays.equals(supportLabels, that.supportLabels)
                && Arrays.equals(queryLabels, that.queryLabels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, ways, support, query, Arrays.hashCode(supportLabels), Arrays.hashCode(queryLabels));
    }

    @Override
    public String toString() {
        return "FewShotTask " + index + " (" + ways + "-way, support " + Shapes.toString(support.shape()) + ", query "
                + Shapes.toString(query.shape()) + ")";
    }
}
