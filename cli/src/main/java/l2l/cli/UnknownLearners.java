package l2l.cli;

import l2l.metalearner.problem.UnknownLearnerException;

/** The command line's advice for a learner name that no provider on the module path has. */
final class UnknownLearners {

    /**
     * The advice that follows the message. Every built-in learner is always on the module path of
     * the {@code l2l} launcher, so an unknown name is a typing mistake or a learner of the user's own.
     */
    static final String HINT = "Put the jar of your own learner's module in L2L_MODULE_PATH, which the l2l launcher adds to the module "
            + "path (see docs/custom-learner.md). 'l2l learners' lists the learners found.";

    private UnknownLearners() {
    }

    /** Returns the message of {@code error}, followed by {@link #HINT} when an {@link UnknownLearnerException} caused it. */
    static String messageOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownLearnerException) {
                return error.getMessage() + " " + HINT;
            }
        }
        return error.getMessage();
    }
}
