package com.example.l2l.optimizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import l2l.autodiff.Gradients;
import l2l.autodiff.NoGrad;
import l2l.autodiff.Variable;
import l2l.metalearner.coordinatewise.LearnedOptimizer;
import l2l.metalearner.coordinatewise.LstmOptimizerConfig;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.metalearner.coordinatewise.MetaTrainer;
import l2l.metalearner.coordinatewise.MetaTrainingSettings;
import l2l.metalearner.coordinatewise.NonFiniteLossException;
import l2l.metalearner.optim.Adam;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Meta-trains a small coordinate-wise LSTM optimizer on {@link LogisticRegressions}, then trains a
 * new regression with it in a plain training loop and compares the loss with Adam's.
 *
 * <ol>
 *   <li>{@link #metaTrain} runs {@link MetaTrainer} and returns the weights with the lowest
 *       validation loss.
 *   <li>{@link #train} is the training loop any model can use: compute the loss, take its
 *       gradient with respect to the flat parameters, and let the optimizer step.
 * </ol>
 */
public final class LearnedOptimizerExample {

    /** Features of each regression. */
    public static final int FEATURES = 5;
    /** Examples of each regression. */
    public static final int EXAMPLES = 64;

    private LearnedOptimizerExample() {
    }

    /**
     * Runs the example: meta-training for {@code args[0]} meta-iterations (default 100), then 50
     * training steps of a held-out regression with the learned optimizer and with Adam.
     */
    public static void main(String[] args) throws IOException, NonFiniteLossException {
        int iterations = args.length > 0 ? parseIterations(args[0]) : 100;
        Path folder = Files.createTempDirectory("l2l-example-");
        MetaTrainer.Result result = metaTrain(iterations, 7, folder);
        System.out.printf(Locale.ROOT, "Meta-trained for %d meta-iterations in %.1f s; validation loss %.4f before, %.4f at best%n",
                iterations, result.seconds(), result.history().get(0).loss(), result.bestLoss());

        Problem heldOut = new LogisticRegressions(1, FEATURES, EXAMPLES).sample(12345, 50);
        double[] learned = train(new LearnedOptimizer(result.best()), heldOut, 50);
        double[] adam = train(new Adam(0.1), heldOut, 50);
        System.out.println("step  learned    adam(0.1)");
        for (int step = 0; step <= 50; step += 10) {
            System.out.printf(Locale.ROOT, "%4d  %.5f    %.5f%n", step, learned[step], adam[step]);
        }
        System.out.println("Checkpoints of the optimizer: " + folder);
    }

    /**
     * Meta-trains an LSTM optimizer of 8 hidden units per layer on batches of 4 regressions, with
     * unrolls of 5 steps and a fresh batch every 20 steps, and writes its checkpoints to
     * {@code folder}.
     */
    public static MetaTrainer.Result metaTrain(int iterations, long seed, Path folder) throws IOException, NonFiniteLossException {
        MetaTrainingSettings settings = new MetaTrainingSettings(iterations, 5, 20, 0.01, 0.01, 1, 5, seed);
        LogisticRegressions family = new LogisticRegressions(4, FEATURES, EXAMPLES);
        Problem validation = new LogisticRegressions(8, FEATURES, EXAMPLES).sample(seed + 1, settings.horizon());
        MetaTrainer trainer = new MetaTrainer(settings, family, validation, folder, Map.of("example", "learned-optimizer"));
        LstmOptimizerWeights initial = LstmOptimizerWeights.initialize(new LstmOptimizerConfig(8, true, 10, 0.1), new TensorRandom(seed));
        return trainer.train(initial, validationRecord -> { });
    }

    /**
     * Trains one problem from its initial parameters for {@code steps} updates and returns the
     * mean loss before every update and after the last, {@code [steps + 1]}.
     */
    public static double[] train(Optimizer optimizer, Problem problem, int steps) {
        Tensor parameters = problem.initialParameters();
        optimizer.reset(parameters.size());
        double[] losses = new double[steps + 1];
        for (int step = 0; step < steps; step++) {
            Variable flat = Variable.parameter(parameters);
            Variable loss = problem.losses(flat, step).mean();
            losses[step] = loss.value().item();
            Tensor gradient = Gradients.of(loss, List.of(flat), false).get(0).value();
            parameters = optimizer.step(parameters, gradient);
        }
        try (NoGrad scope = NoGrad.enter()) {
            losses[steps] = problem.losses(Variable.constant(parameters), steps).mean().value().item();
        }
        return losses;
    }

    private static int parseIterations(String text) {
        try {
            int iterations = Integer.parseInt(text.trim());
            if (iterations >= 1) {
                return iterations;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("The number of meta-iterations must be a whole number of at least 1, got '" + text + "'");
    }
}
