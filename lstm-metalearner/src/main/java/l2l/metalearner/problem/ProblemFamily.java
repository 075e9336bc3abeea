package l2l.metalearner.problem;

import java.util.Map;

/**
 * A distribution over problems, such as random quadratics or MLPs on MNIST with random
 * initialisations and minibatch orders. Meta-training samples fresh problems from it; evaluation
 * samples held-out ones with other seeds.
 */
public interface ProblemFamily {

    /** Returns a short name for logs, checkpoints and result files, such as {@code quadratic}. */
    String name();

    /** Returns the number of coordinates {@code n} of every sampled problem's parameter vector. */
    int parameterCount();

    /**
     * Returns a problem drawn with {@code seed}; the same seed gives the same problem.
     *
     * @param horizon the number of optimization steps the problem must support
     */
    Problem sample(long seed, int horizon);

    /** Returns the family's settings as JSON values, recorded in checkpoints and results. */
    Map<String, Object> describe();
}
