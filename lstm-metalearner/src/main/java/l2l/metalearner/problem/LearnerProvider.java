package l2l.metalearner.problem;

import java.util.Map;

/**
 * A service that builds one kind of {@link Learner}. The command line finds providers with
 * {@link java.util.ServiceLoader}, so a module adds a learner by declaring
 * {@code provides l2l.metalearner.problem.LearnerProvider with my.pkg.MyProvider;}. A provider
 * needs a public no-argument constructor and no dependency-injection code.
 */
public interface LearnerProvider {

    /** Returns the unique name users select the learner by, such as {@code mlp}. */
    String name();

    /** Returns a one-line description for listings. */
    String description();

    /** Returns the options the learner understands with a short description each, for help texts. */
    default Map<String, String> options() {
        return Map.of();
    }

    /**
     * Returns a learner for the given data shape and options.
     *
     * @throws IllegalArgumentException if an option is unknown or invalid, or the input shape does
     *     not suit this learner; the message names the value
     */
    Learner create(LearnerSpec spec);
}
