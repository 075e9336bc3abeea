package l2l.cli;

import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;

/**
 * A learner provider whose constructor throws, as one that reads a missing file at start-up would.
 * {@code LearnersCommandTest} defines it in a module layer of its own, which declares it as a
 * service provider, so that {@link java.util.ServiceLoader} instantiates it. It is a top-level
 * class of an existing package because the architecture test expects every package of
 * {@code l2l.cli} among the main classes.
 */
public final class BrokenLearnerProvider implements LearnerProvider {

    /** The message of the exception that the constructor throws. */
    public static final String FAILURE = "the weights file rnn-init.bin is missing";

    public BrokenLearnerProvider() {
        throw new IllegalStateException(FAILURE);
    }

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public String description() {
        return "a provider that cannot be instantiated";
    }

    @Override
    public Learner create(LearnerSpec spec) {
        throw new UnsupportedOperationException("never instantiated");
    }
}
