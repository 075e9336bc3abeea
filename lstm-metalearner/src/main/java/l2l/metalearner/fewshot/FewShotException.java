package l2l.metalearner.fewshot;

/**
 * A few-shot run that cannot go on for a reason the user can act on: its tasks cannot be read, a
 * checkpoint does not fit the learner, or meta-training diverged. The message names the cause and
 * what to do next.
 */
public class FewShotException extends Exception {

    private static final long serialVersionUID = 1L;

    public FewShotException(String message) {
        super(message);
    }

    public FewShotException(String message, Throwable cause) {
        super(message, cause);
    }
}
