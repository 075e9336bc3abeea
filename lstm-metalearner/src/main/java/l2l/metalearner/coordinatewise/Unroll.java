package l2l.metalearner.coordinatewise;

import java.util.List;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.optim.Optimizer;
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
     * @param lossSteps the number of steps whose terms make up the meta-loss: every step of an
     *     unroll, but in an imitation unroll only those where the teacher's update is not zero
     */
    public record Result(Variable metaLoss, Tensor parameters, LstmOptimizerState state, double[] meanLosses, int lossSteps) {

        /** Returns the result of an unroll whose every step makes a term of the meta-loss. */
        public Result(Variable metaLoss, Tensor parameters, LstmOptimizerState state, double[] meanLosses) {
            this(metaLoss, parameters, state, meanLosses, meanLosses.length);
        }
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
        requireLength(length);
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

    /**
     * Runs an imitation unroll from step {@code firstStep}: the {@code teacher} moves the
     * parameters, and the loss measures how far the LSTM's proposed updates are from the
     * teacher's (see {@link Imitation}). For {@code k = 1..length}:
     * <pre>
     * g_k         = gradient of sum_i f_i(theta_{s+k-1})
     * u_k         = update(g_k, state)                   (the LSTM's proposal; the state advances)
     * theta_{s+k} = teacher.step(theta_{s+k-1}, g_k),    t_k = theta_{s+k} - theta_{s+k-1}
     * metaLoss    = sum_k ||u_k - t_k||^2 / ||t_k||^2   (steps with t_k = 0 left out)
     * </pre>
     * The result's {@code meanLosses} are the losses along the teacher's path, and its metaLoss
     * is null when every teacher update was zero.
     *
     * @param teacher the teacher, reset for this problem's coordinates and carrying its state
     *     from the previous unroll of the problem
     * @throws NonFiniteLossException if a loss, a gradient or an update is NaN or infinite
     */
    public static Result imitate(CoordinatewiseLstm network, Problem problem, Optimizer teacher, Tensor parameters,
            LstmOptimizerState state, int firstStep, int length) throws NonFiniteLossException {
        requireLength(length);
        Tensor theta = parameters;
        LstmOptimizerState current = state;
        Variable metaLoss = null;
        double[] meanLosses = new double[length];
        Variable point = Variable.parameter(theta);
        Variable losses = losses(problem, point, firstStep);
        int lossSteps = 0;
        for (int k = 1; k <= length; k++) {
            int step = firstStep + k;
            try {
                Tensor gradient = Gradients.of(losses.sum(), List.of(point), false).get(0).value();
                if (!gradient.isFinite()) {
                    throw new NonFiniteLossException("the gradient at step " + step + " on the teacher's path is NaN or infinite", step, -1);
                }
                Tensor next = teacher.step(theta, gradient);
                if (!next.isFinite()) {
                    throw new NonFiniteLossException("the teacher's update at step " + step + " is NaN or infinite; lower its learning rate",
                            step, -1);
                }
                Tensor target = next.sub(theta);
                CoordinatewiseLstm.Step proposal = network.step(gradient, current);
                current = proposal.state();
                double targetSquare = target.square().sum().item();
                if (targetSquare > 0) {
                    Variable term = proposal.update().sub(Variable.constant(target)).square().sum().mul(1 / targetSquare);
                    metaLoss = metaLoss == null ? term : metaLoss.add(term);
                    lossSteps++;
                }
                theta = next;
            } catch (ArithmeticException e) {
                throw new NonFiniteLossException("step " + step + " of the imitation overflowed (" + e.getMessage()
                        + "); lower the teacher's learning rate", step, -1, e);
            }
            point = Variable.parameter(theta);
            losses = losses(problem, point, step);
            meanLosses[k - 1] = losses.mean().value().item();
        }
        return new Result(metaLoss, theta, current, meanLosses, lossSteps);
    }

    private static void requireLength(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("Unroll: length must be at least 1, got " + length);
        }
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
