package l2l.metalearner.coordinatewise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.coordinatewise.LearnedOptimizer;
import l2l.metalearner.coordinatewise.LstmOptimizerCheckpoints;
import l2l.metalearner.optim.Adam;
import l2l.metalearner.optim.Optimizer;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/** Fits a least-squares problem with a trained LSTM optimizer and with Adam, and prints both losses. */
public final class LeastSquaresExample {

    private LeastSquaresExample() {
    }

    /**
     * Minimises {@code ||X w - y||^2} over {@code w}, starting from {@code start}, and returns the
     * loss before each of the {@code steps} updates and after the last one.
     *
     * @param inputs X, shape [m, n]
     * @param targets y, shape [m, 1]
     * @param start the first w, shape [n]
     */
    public static double[] fit(Optimizer optimizer, Tensor inputs, Tensor targets, Tensor start, int steps) {
        int n = start.size();
        Variable x = Variable.constant(inputs);
        Variable y = Variable.constant(targets);
        Tensor w = start;
        double[] losses = new double[steps + 1];

        optimizer.reset(n);
        for (int step = 0; step <= steps; step++) {
            Variable parameters = Variable.parameter(w);
            Variable loss = x.matmul(parameters.reshape(n, 1)).sub(y).square().sum();
            losses[step] = loss.value().item();
            if (step < steps) {
                Tensor gradient = Gradients.of(loss, List.of(parameters), false).get(0).value();
                w = optimizer.step(w, gradient);
            }
        }
        return losses;
    }

    /** Returns the losses of the optimizer in {@code checkpoint} and of Adam at steps 0, 20 and 100, one line per step. */
    public static List<String> compare(Path checkpoint) throws CheckpointException {
        Optimizer learned = new LearnedOptimizer(LstmOptimizerCheckpoints.read(checkpoint).weights());

        TensorRandom random = new TensorRandom(42);
        Tensor inputs = random.normal(0, 1, 10, 10);
        Tensor targets = random.normal(0, 1, 10, 1);
        Tensor start = random.normal(0, 1, 10);

        double[] lstm = fit(learned, inputs, targets, start, 100);
        double[] adam = fit(new Adam(0.1), inputs, targets, start, 100);
        List<String> lines = new ArrayList<>();
        for (int step : new int[] {0, 20, 100}) {
            lines.add(String.format(Locale.ROOT, "step %3d: lstm %.4f, adam %.4f", step, lstm[step], adam[step]));
        }
        return lines;
    }

    public static void main(String[] args) throws CheckpointException {
        Path checkpoint = Path.of(args.length > 0 ? args[0] : "docs/results/quadratic.safetensors");
        compare(checkpoint).forEach(System.out::println);
    }
}
