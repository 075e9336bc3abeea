package l2l.autodiff;

/**
 * Whether operations on the current thread record a graph. Each thread has its own mode, so
 * episodes may run on several threads, some recording and some not.
 */
final class GradMode {

    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Sets the mode of the current thread and returns the previous one, for the caller to restore. */
    static boolean set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return previous;
    }
}
