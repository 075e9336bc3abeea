package l2l.autodiff;

/**
 * A scope in which operations record no graph: their results are constants, and only the tensor
 * work is done. Use it for evaluation and for parameter updates:
 *
 * <pre>{@code
 * try (NoGrad scope = NoGrad.enter()) {
 *     Variable prediction = model.forward(input);
 * }
 * }</pre>
 *
 * <p>The mode belongs to the current thread, and scopes nest: closing a scope restores the mode
 * that was active when it was entered. Close a scope on the thread that entered it.
 */
public final class NoGrad implements AutoCloseable {

    private final Thread owner;
    private final boolean previous;
    private boolean closed;

    private NoGrad(boolean previous) {
        this.owner = Thread.currentThread();
        this.previous = previous;
    }

    /** Turns graph recording off on the current thread until the returned scope is closed. */
    public static NoGrad enter() {
        return new NoGrad(GradMode.set(false));
    }

    /** Returns whether operations on the current thread record a graph (true outside any scope). */
    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /**
     * Restores the mode that was active when this scope was entered. Closing twice has no further
     * effect.
     *
     * @throws IllegalStateException if called on another thread than the one that entered the scope
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("NoGrad: a scope entered on thread " + owner.getName() + " was closed on thread "
                    + Thread.currentThread().getName() + "; close it where it was entered");
        }
        if (!closed) {
            closed = true;
            GradMode.set(previous);
        }
    }
}
