package l2l.metalearner.coordinatewise;

import java.util.List;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Tensor;

/**
 * One unroll of truncated backpropagation through time: the learned optimizer takes
 * {@code length} steps on a problem, and the meta-loss records how the losses depend on its
 * weights.
 *
 * <p>With {@code theta_s} the parameters at the first step {@code s} and the states carried in
 * from the previous unroll (both constants), for {@code k = 1..length}:
 * <pre>
 * g_k      = gradient of sum_i f_i(theta_{s+k-1})    (a constant: first order)
 * theta_{s+k} = theta_{s+k-1} + update(g_k, state)
 * metaLoss = sum_k mean_i f_i(theta_{s+k})           (weights w_t = 1)
 * </pre>
 * where {@code f_i} is the loss of problem {@code i} of the batch at the step's minibatch. With
 * {@link MetaLoss#LOG}, each term {@code mean_i f_i} is replaced by its logarithm.
 */
public final class Unroll {

    private Unroll() {
    }

    /**
     * The outcome of an unroll.
     *
     * @param metaLoss the meta-loss, a scalar differentiable with respect to the network's weights
     * @param parameters the parameters after the last step
     * @param state the LSTM state after the last step, still attached to the graph
     * @param meanLosses the mean loss over the batch after each step, {@code [length]}
     */
    public record Result(Variable metaLoss, Tensor parameters, LstmOptimizerState state, double[] meanLosses) {
    }

    /**
     * Runs the unroll from step {@code firstStep} with the paper's meta-loss, {@link MetaLoss#SUM}.
     *
     * @throws NonFiniteLossException if a loss is NaN or infinite, or a tensor operation overflows
     */
    public static Result run(CoordinatewiseLstm network, Problem problem, Tensor parameters, LstmOptimizerState state, int firstStep,
            int length) throws NonFiniteLossException {
        return run(network, problem, parameters, state, firstStep, length, MetaLoss.SUM);
    }

    /**
     * Runs the unroll from step {@code firstStep}, with the meta-loss {@code kind}.
     *
     * @throws NonFiniteLossException if a loss is NaN or infinite, a tensor operation overflows, or
     *     {@code kind} is {@link MetaLoss#LOG} and a mean loss is not positive
     */
    public static Result run(CoordinatewiseLstm network, Problem problem, Tensor parameters, LstmOptimizerState state, int firstStep,
            int length, MetaLoss kind) throws NonFiniteLossException {
        if (length < 1) {
            throw new IllegalArgumentException("Unroll: length must be at least 1, got " + length);
        }
        Variable theta = Variable.parameter(parameters);
        LstmOptimizerState current = state;
        Variable losses = losses(problem, theta, firstStep);
        Variable metaLoss = null;
        double[] meanLosses = new double[length];
        for (int k = 1; k <= length; k++) {
            int step = firstStep + k;
            try {
                Tensor gradient = Gradients.of(losses.sum(), List.of(theta), false).get(0).value();
                CoordinatewiseLstm.Step update = network.step(gradient, current);
                theta = theta.add(update.update());
                current = update.state();
            } catch (ArithmeticException e) {
                throw new NonFiniteLossException("the update of step " + step + " overflowed (" + e.getMessage() + ")", step, -1, e);
            }
            losses = losses(problem, theta, step);
            Variable mean = losses.mean();
            meanLosses[k - 1] = mean.value().item();
            if (kind == MetaLoss.LOG && !(meanLosses[k - 1] > 0)) {
                throw new NonFiniteLossException("the log meta-loss needs positive losses, but the mean loss at step " + step + " is "
                        + meanLosses[k - 1] + "; use the sum meta-loss for this problem family", step, -1);
            }
            Variable term = kind.term(mean);
            metaLoss = metaLoss == null ? term : metaLoss.add(term);
        }
        return new Result(metaLoss, theta.value(), current, meanLosses);
    }

    /** Returns the losses at {@code step}, checked to be finite. */
    private static Variable losses(Problem problem, Variable theta, int step) throws NonFiniteLossException {
        Variable losses;
        try {
            losses = problem.losses(theta, step);
        } catch (ArithmeticException e) {
            throw new NonFiniteLossException("the loss at step " + step + " overflowed (" + e.getMessage() + ")", step, -1, e);
        }
        Tensor values = losses.value();
        for (int i = 0; i < values.size(); i++) {
            double value = values.getFlat(i);
            if (!Double.isFinite(value)) {
                throw new NonFiniteLossException("the loss of problem " + i + " of the batch is " + value + " at step " + step, step, i);
            }
        }
        return losses;
    }
}
