package l2l.learners.golden;

import java.util.Map;

import l2l.tensor.Tensor;

/**
 * The computation behind one {@code kind} of golden case: it reads the case's inputs and config
 * and returns the outputs under the names the case lists in {@code expected}. The harness
 * compares every expected tensor with the output of the same name.
 */
interface GoldenKind {

    /** Returns the outputs of the computation, keyed by their names in {@code expected}. */
    Map<String, Tensor> compute(GoldenCase goldenCase);
}
