package l2l.metalearner.fewshot;

/**
 * Meta-training stopped because an episode's meta-loss or meta-gradient was not finite, or its
 * computation overflowed. The checkpoint on disk, if any, is the last one written before that
 * episode and is left unchanged.
 */
public final class DivergenceException extends FewShotException {

    private static final long serialVersionUID = 1L;

    private final long episode;

    public DivergenceException(long episode, String message, Throwable cause) {
        super(message, cause);
        this.episode = episode;
    }

    /** Returns the 1-based number of the episode that diverged. */
    public long episode() {
        return episode;
    }
}
