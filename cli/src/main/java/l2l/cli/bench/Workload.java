package l2l.cli.bench;

import l2l.metalearner.coordinatewise.NonFiniteLossException;
import l2l.metalearner.fewshot.FewShotException;

/**
 * One timed unit of real work, such as one meta-iteration or one meta-training episode, run
 * through the project's own training code.
 *
 * <ol>
 *   <li>{@link #prepare()} gets the next input ready (a fresh problem, the next task); it is not
 *       timed;
 *   <li>{@link #run()} does the unit of work; it is timed.
 * </ol>
 * A workload keeps its state (weights, optimizer moments, the problem being optimized) from one
 * run to the next, as a training run does, and is not thread-safe.
 */
interface Workload {

    /** Returns the row label, such as {@code 1 L2L quadratic}. */
    String name();

    /** Returns what one run is, such as {@code meta-iteration}. */
    String unit();

    /** Returns the LSTM products that one run computes. */
    LstmProducts products();

    /** Gets the input of the next run ready; untimed. */
    void prepare() throws FewShotException;

    /** Does one unit of work; timed. */
    void run() throws NonFiniteLossException;
}
