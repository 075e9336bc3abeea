package l2l.metalearner.fewshot;

/** The order of the derivatives that a meta-gradient takes through the learner's own gradient. */
public enum GradientOrder {

    /**
     * The learner's loss and gradient enter the meta-learner as constants, as Ravi and Larochelle
     * (2017) and Andrychowicz et al. (2016) do: the meta-gradient flows through the parameter
     * chain, both gates, the first LSTM layer and the initial parameters, but not through the
     * learner's gradient. Each inner gradient is computed on a detached copy of the parameters, so
     * no learner graph is kept across steps.
     */
    FIRST,

    /**
     * The learner's gradient is differentiated as well ({@code Gradients.of} with a graph), so
     * the meta-gradient is the exact derivative of the query loss, including the second
     * derivatives of the learner's loss and the gradient preprocessing. Slower, and it keeps
     * every inner step's learner graph until the meta-gradient is computed.
     */
    SECOND
}
