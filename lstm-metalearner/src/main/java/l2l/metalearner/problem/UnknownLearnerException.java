package l2l.metalearner.problem;

import java.util.List;

/** A learner name that no {@link LearnerProvider} on the module path has. */
public final class UnknownLearnerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> available;

    /** Creates the exception for {@code name}, listing the {@code available} names in its message. */
    public UnknownLearnerException(String name, List<String> available) {
        super("Unknown learner '" + name + "'; available learners: " + available
                + ". A learner from another module is found only when that module is on the module path.");
        this.name = name;
        this.available = List.copyOf(available);
    }

    /** Returns the name that was not found. */
    public String name() {
        return name;
    }

    /** Returns the names of the learners that were found, in name order. */
    public List<String> available() {
        return available;
    }
}
