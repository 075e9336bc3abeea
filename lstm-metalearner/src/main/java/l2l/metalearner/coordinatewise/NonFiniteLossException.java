package l2l.metalearner.coordinatewise;

/**
 * Meta-training stopped because a loss, or the meta-gradient, turned NaN or infinite. The message
 * names the step and the problem; {@link MetaTrainer} adds the meta-iteration and the checkpoint
 * that was kept.
 */
public final class NonFiniteLossException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int step;
    private final int batchIndex;

    /**
     * Creates the exception.
     *
     * @param message what turned non-finite, where
     * @param step the optimization step of the problem at which it happened, or -1 if not at a step
     * @param batchIndex the index of the problem within its batch, or -1 if unknown
     */
    public NonFiniteLossException(String message, int step, int batchIndex) {
        super(message);
        this.step = step;
        this.batchIndex = batchIndex;
    }

    /** Creates the exception with a cause, such as the {@link ArithmeticException} of an overflow. */
    public NonFiniteLossException(String message, int step, int batchIndex, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.batchIndex = batchIndex;
    }

    /** Returns the optimization step at which the loss turned non-finite, or -1. */
    public int step() {
        return step;
    }

    /** Returns the index of the problem within its batch, or -1 if unknown. */
    public int batchIndex() {
        return batchIndex;
    }
}
