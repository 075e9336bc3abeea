package l2l.metalearner.coordinatewise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.autodiff.Gradients;
import l2l.autodiff.Variable;
import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.optim.Adam;
import l2l.metalearner.optim.Optimizer;
import l2l.metalearner.problem.Problem;
import l2l.metalearner.problem.ProblemFamily;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * Meta-trains a coordinate-wise LSTM optimizer (Andrychowicz et al. 2016) by truncated
 * backpropagation through time.
 *
 * <ol>
 *   <li>Validate the initial weights, and save them as the best so far.
 *   <li>Sample a training problem from the family, with a seed drawn from the training stream.
 *       Start its parameters at the problem's initial values and the LSTM states at zero.
 *   <li>Run an {@link Unroll} of {@code unroll} steps, differentiate its meta-loss with respect to
 *       the weights, clip the meta-gradient if asked, and take one Adam step on the flattened
 *       weights. That is one meta-iteration. Detach the parameters and states and repeat until the
 *       problem has had {@code horizon} steps, then go back to step 2. With an {@link Imitation},
 *       every {@code every}-th problem is instead driven by the teacher, and its meta-iterations
 *       differentiate the imitation loss of {@link Unroll#imitate}; the rest is the same.
 *   <li>Every {@code validationInterval} problems, and after the last meta-iteration, run the
 *       optimizer for {@code validationHorizon} steps on the fixed validation problems. The metric
 *       is the mean loss over the problems and over those steps ({@link MetaLoss#SUM}), or
 *       the mean over those steps of the logarithm of the mean loss ({@link MetaLoss#LOG}). Save the weights as
 *       {@code last.safetensors}, and as {@code best.safetensors} when the metric improved.
 * </ol>
 *
 * With a {@link RelativeValidation}, the baseline runs once on the validation problems before
 * step 1, and the metric is instead the largest ratio of the optimizer's mean loss to the
 * baseline's at the chosen steps.
 *
 * With a weight average ({@link MetaTrainingSettings#emaDecay()} above 0), an exponential
 * moving average of the weights follows the Adam updates, and step 4 validates and saves the
 * average instead of the latest weights. Training itself goes on from the latest weights.
 *
 * Checkpoints are written atomically. When a loss or the meta-gradient turns NaN or infinite, the
 * run stops with a {@link NonFiniteLossException} that names the meta-iteration, the problem and
 * the step; the checkpoints written before stay as they were.
 *
 * <p>Everything random derives from the initial weights and {@code trainingSeed}, and the tensor
 * kernels give the same bits for every thread count, so a run repeats bit for bit.
 */
public final class MetaTrainer {

    /** The file name of the best checkpoint in the output folder. */
    public static final String BEST_CHECKPOINT = "best.safetensors";
    /** The file name of the latest checkpoint in the output folder. */
    public static final String LAST_CHECKPOINT = "last.safetensors";

    /** The largest magnitude whose square is finite, about 1.34e154. */
    private static final double MAX_SQUARABLE_MAGNITUDE = Math.sqrt(Double.MAX_VALUE);

    private final MetaTrainingSettings settings;
    private final ProblemFamily family;
    private final Problem validation;
    private final Path folder;
    private final Map<String, Object> provenance;
    /** The baseline's mean validation losses at the steps of the relative validation, once computed. */
    private List<Double> baselineLosses;

    /**
     * Receives the progress of a run, on the thread that runs {@link #train}. The trainer logs
     * nothing itself, so a caller that wants progress lines writes them here.
     */
    @FunctionalInterface
    public interface Listener {

        /** Called after every validation, including the first one, before any training. */
        void validated(Validation validation);

        /** Called after every meta-iteration; the default does nothing. */
        default void iterated(Progress progress) {
        }
    }

    /**
     * The state of the run after a meta-iteration.
     *
     * @param iterations the meta-iterations done so far
     * @param totalIterations the meta-iterations the run will do
     * @param problems the training problems sampled so far
     * @param metaLoss the mean meta-loss of the meta-iterations since the previous validation that
     *     trained on the meta-loss, NaN if none did
     * @param imitationLoss the mean imitation loss per step of the meta-iterations since the previous
     *     validation that imitated the teacher ({@link Imitation}), NaN if none did
     * @param gradientNorm the mean L2 norm of their meta-gradients, before clipping
     * @param learningRate the meta-learning rate of the last meta-iteration
     * @param trainingSeconds the wall time spent in meta-iterations so far, validation excluded
     */
    public record Progress(int iterations, int totalIterations, int problems, double metaLoss, double imitationLoss, double gradientNorm,
            double learningRate, double trainingSeconds) {
    }

    /**
     * The state of the run at a validation.
     *
     * @param problems the training problems sampled so far
     * @param iterations the meta-iterations done so far
     * @param metaLoss the mean meta-loss of the meta-iterations since the previous validation that
     *     trained on the meta-loss, NaN for the first and when none did
     * @param imitationLoss the mean imitation loss per step of the meta-iterations since the previous
     *     validation that imitated the teacher, NaN for the first and when none did
     * @param loss the validation metric: mean loss over the validation problems and steps 1 to the
     *     validation horizon, or with {@link MetaLoss#LOG} the mean over those steps of the logarithm
     *     of the mean loss, or with a {@link RelativeValidation} the largest ratio to the baseline
     * @param finalLoss the mean validation loss at the last step of the validation horizon
     * @param best whether this is the best validation so far
     * @param bestLoss the lowest validation metric so far, this one included
     * @param bestIteration the meta-iterations done at the validation that gave {@code bestLoss}
     * @param seconds the wall time since the run started
     * @param trainingSeconds the wall time spent in meta-iterations so far, validation excluded
     * @param ratios with a {@link RelativeValidation}, the ratio to the baseline at each of its
     *     steps, whose largest is {@code loss}; empty without one
     */
    public record Validation(int problems, int iterations, double metaLoss, double imitationLoss, double loss, double finalLoss,
            boolean best, double bestLoss, int bestIteration, double seconds, double trainingSeconds, List<Double> ratios) {

        /** Copies the ratios. */
        public Validation {
            ratios = List.copyOf(ratios);
        }

        /** Returns a validation scored without a baseline. */
        public Validation(int problems, int iterations, double metaLoss, double imitationLoss, double loss, double finalLoss,
                boolean best, double bestLoss, int bestIteration, double seconds, double trainingSeconds) {
            this(problems, iterations, metaLoss, imitationLoss, loss, finalLoss, best, bestLoss, bestIteration, seconds, trainingSeconds,
                    List.of());
        }
    }

    /**
     * The outcome of a run.
     *
     * @param best the weights with the lowest validation metric
     * @param last the weights after the last meta-iteration, or with a weight average their
     *     average then
     * @param bestIteration the meta-iterations done when the best weights were validated
     * @param bestLoss the best validation metric
     * @param history every validation, in order
     * @param seconds the wall time of the run, validation included
     * @param secondsPerIteration the mean wall time of one meta-iteration, validation excluded
     */
    public record Result(LstmOptimizerWeights best, LstmOptimizerWeights last, int bestIteration, double bestLoss,
            List<Validation> history, double seconds, double secondsPerIteration) {
    }

    /**
     * Creates a trainer.
     *
     * @param family the distribution of training problems
     * @param validation the fixed validation problems, sampled for at least the settings'
     *     validation horizon
     * @param folder the existing folder that receives {@value #BEST_CHECKPOINT} and {@value #LAST_CHECKPOINT}
     * @param provenance what the checkpoints record besides the trainer's own fields, such as the
     *     seed, the problem family and the l2l version
     */
    public MetaTrainer(MetaTrainingSettings settings, ProblemFamily family, Problem validation, Path folder, Map<String, Object> provenance) {
        this.settings = settings;
        this.family = family;
        this.validation = validation;
        this.folder = folder;
        this.provenance = new LinkedHashMap<>(provenance);
    }

    /**
     * Meta-trains from {@code initial} weights.
     *
     * @throws NonFiniteLossException if a loss or the meta-gradient turns non-finite; the message
     *     names the meta-iteration, the problem, the step and the checkpoint kept
     * @throws IllegalArgumentException before any training, if the baseline of a
     *     {@link RelativeValidation} does not lower the loss (see {@link #baselineLosses()})
     * @throws IOException if a checkpoint cannot be written
     */
    public Result train(LstmOptimizerWeights initial, Listener listener) throws NonFiniteLossException, IOException {
        long start = System.nanoTime();
        LstmOptimizerConfig config = initial.config();
        TensorRandom problemSeeds = new TensorRandom(settings.trainingSeed());
        Adam metaOptimizer = new Adam(settings.learningRate());
        Tensor flat = initial.flatten();
        metaOptimizer.reset(flat.size());
        LstmOptimizerWeights weights = initial;
        Tensor average = flat;

        List<Validation> history = new ArrayList<>();
        List<Double> baselineLosses = settings.relativeValidation() == null ? null : baselineLosses();
        OptimizerRun.Curve firstCurve = validate(weights);
        List<Double> firstRatios = ratios(firstCurve, baselineLosses);
        double firstLoss = metric(firstCurve, firstRatios, 0);
        Validation first = new Validation(0, 0, Double.NaN, Double.NaN, firstLoss, firstCurve.mean(settings.validationHorizon()), true,
                firstLoss, 0, seconds(start), 0, firstRatios);
        save(BEST_CHECKPOINT, weights, 0, first.loss(), first.loss());
        save(LAST_CHECKPOINT, weights, 0, first.loss(), first.loss());
        history.add(first);
        listener.validated(first);
        LstmOptimizerWeights best = weights;
        LstmOptimizerWeights validated = weights;
        double bestLoss = first.loss();
        int bestIteration = 0;

        int iteration = 0;
        int problems = 0;
        long trainingNanos = 0;
        double metaLossSum = 0;
        int metaLossCount = 0;
        double imitationLossSum = 0;
        int imitationCount = 0;
        double normSum = 0;
        while (iteration < settings.iterations()) {
            long problemSeed = problemSeeds.nextLong();
            Problem problem = family.sample(problemSeed, settings.horizon());
            problems++;
            Tensor parameters = problem.initialParameters();
            LstmOptimizerState state = LstmOptimizerState.zeros(parameters.size(), config.hiddenSize());
            Optimizer teacher = settings.imitation() != null && settings.imitation().drives(problems)
                    ? settings.imitation().newTeacher(parameters.size())
                    : null;
            for (int firstStep = 0; firstStep < settings.horizon() && iteration < settings.iterations(); firstStep += settings.unroll()) {
                long iterationStart = System.nanoTime();
                int length = Math.min(settings.unroll(), settings.horizon() - firstStep);
                CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);
                Unroll.Result unroll;
                Tensor gradient;
                try {
                    unroll = teacher == null
                            ? Unroll.run(network, problem, parameters, state, firstStep, length, settings.metaLoss())
                            : Unroll.imitate(network, problem, teacher, parameters, state, firstStep, length);
                    if (unroll.metaLoss() == null) {
                        parameters = unroll.parameters();
                        state = unroll.state().detach();
                        trainingNanos += System.nanoTime() - iterationStart;
                        continue;
                    }
                    gradient = flatGradient(unroll.metaLoss(), network, firstStep + length);
                } catch (NonFiniteLossException e) {
                    throw stopped(e, iteration + 1, problems, problemSeed, bestLoss, bestIteration);
                }
                metaOptimizer.setLearningRate(settings.learningRate(iteration + 1));
                double largest = largestMagnitude(gradient);
                double norm = norm(gradient, largest);
                if (!Double.isFinite(norm) || settings.clipNorm() == 0 && largest > MAX_SQUARABLE_MAGNITUDE) {
                    NonFiniteLossException cause = new NonFiniteLossException("the meta-gradient has an entry of magnitude " + format(largest)
                            + ", whose square overflows a double " + (Double.isFinite(norm) ? "in Adam's running average" : "in its norm"),
                            -1, -1);
                    throw stopped(cause, iteration + 1, problems, problemSeed, bestLoss, bestIteration);
                }
                flat = metaOptimizer.step(flat, clip(gradient, norm));
                if (!flat.isFinite()) {
                    NonFiniteLossException cause = new NonFiniteLossException("the meta-update at meta-learning rate "
                            + format(metaOptimizer.learningRate()) + " made the optimizer's weights NaN or infinite", -1, -1);
                    throw stopped(cause, iteration + 1, problems, problemSeed, bestLoss, bestIteration);
                }
                weights = LstmOptimizerWeights.fromFlat(config, flat);
                if (settings.emaDecay() > 0) {
                    average = average.mul(settings.emaDecay()).add(flat.mul(1 - settings.emaDecay()));
                }
                parameters = unroll.parameters();
                state = unroll.state().detach();
                iteration++;
                if (teacher == null) {
                    metaLossSum += unroll.metaLoss().value().item();
                    metaLossCount++;
                } else {
                    imitationLossSum += unroll.metaLoss().value().item() / unroll.lossSteps();
                    imitationCount++;
                }
                normSum += norm;
                trainingNanos += System.nanoTime() - iterationStart;

                listener.iterated(new Progress(iteration, settings.iterations(), problems, metaLossSum / metaLossCount,
                        imitationLossSum / imitationCount, normSum / (metaLossCount + imitationCount), metaOptimizer.learningRate(), trainingNanos / 1e9));
            }

            boolean last = iteration >= settings.iterations();
            if (problems % settings.validationInterval() == 0 || last) {
                validated = settings.emaDecay() > 0 ? LstmOptimizerWeights.fromFlat(config, average) : weights;
                OptimizerRun.Curve curve = validate(validated);
                List<Double> ratios = ratios(curve, baselineLosses);
                double loss = metric(curve, ratios, iteration);
                boolean improved = loss < bestLoss;
                if (improved) {
                    best = validated;
                    bestLoss = loss;
                    bestIteration = iteration;
                    save(BEST_CHECKPOINT, validated, iteration, loss, bestLoss);
                }
                save(LAST_CHECKPOINT, validated, iteration, loss, bestLoss);
                Validation current = new Validation(problems, iteration, metaLossSum / metaLossCount, imitationLossSum / imitationCount,
                        loss, curve.mean(settings.validationHorizon()), improved, bestLoss, bestIteration, seconds(start),
                        trainingNanos / 1e9, ratios);
                history.add(current);
                listener.validated(current);
                metaLossSum = 0;
                metaLossCount = 0;
                imitationLossSum = 0;
                imitationCount = 0;
                normSum = 0;
            }
        }
        return new Result(best, validated, bestIteration, bestLoss, history, seconds(start), trainingNanos / 1e9 / iteration);
    }

    /**
     * Returns the gradient of an unroll's meta-loss with respect to the network's weights,
     * flattened in the order of {@link LstmOptimizerWeights#flatten()}: the meta-gradient that
     * one meta-iteration hands to Adam.
     *
     * @param step the last step of the unroll, which the exception names
     * @throws NonFiniteLossException if the meta-gradient contains NaN or an infinity
     */
    public static Tensor flatGradient(Variable metaLoss, CoordinatewiseLstm network, int step) throws NonFiniteLossException {
        List<Variable> gradients = Gradients.of(metaLoss, network.weightVariables(), false);
        int size = 0;
        for (Variable gradient : gradients) {
            size += gradient.value().size();
        }
        double[] flat = new double[size];
        int offset = 0;
        for (Variable gradient : gradients) {
            gradient.value().copyTo(flat, offset);
            offset += gradient.value().size();
        }
        for (double value : flat) {
            if (!Double.isFinite(value)) {
                throw new NonFiniteLossException("the meta-gradient of the unroll ending at step " + step + " contains the non-finite value " + value, step, -1);
            }
        }
        return Tensor.of(flat, size);
    }

    /** Returns the largest absolute value of the entries of {@code gradient}. */
    private static double largestMagnitude(Tensor gradient) {
        double largest = 0;
        for (double value : gradient.toArray()) {
            largest = Math.max(largest, Math.abs(value));
        }
        return largest;
    }

    /**
     * Returns the L2 norm of {@code gradient}, whose largest absolute entry is {@code largest}. When
     * the squares could overflow, the entries are divided by {@code largest} before squaring and the
     * norm multiplied by it after; otherwise the squares are summed as they are, which keeps the
     * bits of earlier runs.
     */
    private static double norm(Tensor gradient, double largest) {
        if (largest <= MAX_SQUARABLE_MAGNITUDE / gradient.size()) {
            return Math.sqrt(gradient.square().sum().item());
        }
        return largest * Math.sqrt(gradient.mul(1 / largest).square().sum().item());
    }

    /** Returns the gradient scaled down to the clipping norm when its L2 norm {@code norm} exceeds it. */
    private Tensor clip(Tensor gradient, double norm) {
        if (settings.clipNorm() == 0 || norm <= settings.clipNorm()) {
            return gradient;
        }
        return gradient.mul(settings.clipNorm() / norm);
    }

    /** Runs the optimizer with {@code weights} on the validation problems for the validation horizon. */
    private OptimizerRun.Curve validate(LstmOptimizerWeights weights) {
        return OptimizerRun.run(new LearnedOptimizer(weights), validation, settings.validationHorizon());
    }

    /**
     * Returns the mean losses of the {@link RelativeValidation}'s baseline on the validation
     * problems at its steps, running the baseline on the first call. {@link #train} calls it first,
     * so a caller that wants to check the baseline before it writes anything calls it before.
     *
     * @throws IllegalStateException if the settings have no relative validation
     * @throws IllegalArgumentException if the baseline does not lower the loss at its learning rate,
     *     see {@link RelativeValidation#baselineLosses(OptimizerRun.Curve)}
     */
    public List<Double> baselineLosses() {
        if (settings.relativeValidation() == null) {
            throw new IllegalStateException("MetaTrainer: these settings score validation by the meta-loss, without a baseline");
        }
        if (baselineLosses == null) {
            baselineLosses = settings.relativeValidation().baselineLosses(validation);
        }
        return baselineLosses;
    }

    /** Returns the ratios of {@code curve} to the baseline's losses, or none without a baseline. */
    private List<Double> ratios(OptimizerRun.Curve curve, List<Double> baselineLosses) {
        return baselineLosses == null ? List.of() : settings.relativeValidation().ratios(curve, baselineLosses);
    }

    /**
     * Returns the validation metric of a curve: with a {@link RelativeValidation}, the largest of
     * its {@code ratios} to the baseline; otherwise the mean over steps 1 to the validation horizon
     * of the meta-loss's term for the step's mean loss.
     */
    private double metric(OptimizerRun.Curve curve, List<Double> ratios, int iterations) throws NonFiniteLossException {
        if (settings.relativeValidation() != null) {
            return RelativeValidation.score(ratios);
        }
        double sum = 0;
        for (int step = 1; step <= settings.validationHorizon(); step++) {
            double mean = curve.mean(step);
            if (settings.metaLoss() == MetaLoss.LOG && mean <= 0) {
                throw new NonFiniteLossException("Meta-training stopped at the validation after " + iterations(iterations) + ": the log "
                        + "meta-loss needs positive losses, but the mean validation loss at step " + step + " is " + mean
                        + "; use the sum meta-loss for this problem family. The checkpoints in " + folder + " are from earlier validations",
                        step, -1);
            }
            sum += settings.metaLoss().term(mean);
        }
        return sum / settings.validationHorizon();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private void save(String fileName, LstmOptimizerWeights weights, int iterations, double loss, double bestLoss) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>(provenance);
        fields.put("unroll", settings.unroll());
        fields.put("horizon", settings.horizon());
        fields.put("meta_iterations", iterations);
        fields.put("meta_learning_rate", settings.learningRate());
        fields.put("final_meta_learning_rate", settings.finalLearningRate());
        fields.put("meta_loss", settings.metaLoss().label());
        fields.put("imitation", settings.imitation() == null ? null : settings.imitation().describe() + " every "
                + settings.imitation().every() + " problems");
        fields.put("ema_decay", settings.emaDecay());
        fields.put("validation_horizon", settings.validationHorizon());
        fields.put("validated_against", settings.relativeValidation() == null ? null : settings.relativeValidation().record(baselineLosses()));
        fields.put("validation_loss", jsonNumber(loss));
        fields.put("best_validation_loss", jsonNumber(bestLoss));
        LstmOptimizerCheckpoints.write(folder.resolve(fileName), weights, fields);
    }

    /** Returns the value, or null when JSON cannot store it (a validation run that diverged). */
    private static Object jsonNumber(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private NonFiniteLossException stopped(NonFiniteLossException cause, int iteration, int problem, long seed, double bestLoss,
            int bestIteration) {
        String checkpoints = Double.isFinite(bestLoss)
                ? "The last good checkpoints are kept: " + folder.resolve(BEST_CHECKPOINT) + " (" + settings.validationMetricName() + " "
                        + format(bestLoss) + " after "
                        + iterations(bestIteration) + ") and " + folder.resolve(LAST_CHECKPOINT) + "."
                : "The checkpoints in " + folder + " are kept, but no validation so far had a finite loss (best " + format(bestLoss)
                        + "), so none of them is a good optimizer.";
        String message = "Meta-training stopped at meta-iteration " + iteration + ": on training problem " + problem + " (seed " + seed
                + "), " + cause.getMessage() + ". " + checkpoints + " Try a lower meta-learning rate, gradient clipping or a smaller output scale.";
        return new NonFiniteLossException(message, cause.step(), cause.batchIndex(), cause);
    }

    /** Returns "1 meta-iteration" or "N meta-iterations". */
    private static String iterations(int count) {
        return count + (count == 1 ? " meta-iteration" : " meta-iterations");
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.5g", value);
    }
}
