package l2l.cli;

import static l2l.cli.text.Plurals.count;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import l2l.cli.options.ThreadCounts;
import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.AtomicFiles;
import l2l.datasets.DatasetException;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.coordinatewise.Imitation;
import l2l.metalearner.coordinatewise.LstmOptimizerCheckpoints;
import l2l.metalearner.coordinatewise.LstmOptimizerConfig;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.metalearner.coordinatewise.MetaLoss;
import l2l.metalearner.coordinatewise.MetaTrainer;
import l2l.metalearner.coordinatewise.MetaTrainingSettings;
import l2l.metalearner.coordinatewise.NonFiniteLossException;
import l2l.metalearner.coordinatewise.RelativeValidation;
import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.evaluation.SeedStreams;
import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.problem.Problem;
import l2l.metalearner.problem.ProblemFamily;
import l2l.tensor.Parallelism;
import l2l.tensor.TensorRandom;
import l2l.tensor.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l train}: meta-trains a coordinate-wise LSTM optimizer and writes a run folder. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Meta-trains the coordinate-wise LSTM optimizer of Andrychowicz et al. (2016) by truncated backpropagation through "
                    + "time on a problem family, and writes to the --out folder: best.safetensors (the weights with the lowest "
                    + "validation loss), last.safetensors, config.json (every setting and seed) and training-log.csv (one row per "
                    + "validation).",
            "The paper's quadratic setting is --no-preprocessing --output-scale 1; DeepMind's published code uses --p 5 "
                    + "--output-scale 0.01. Exits with status 1 when the loss turns NaN or infinite, keeping the checkpoints "
                    + "written before."})
final class TrainCommand implements Callable<Integer> {

    /** The name of the training log in the run folder. */
    static final String LOG_FILE = "training-log.csv";
    /** The name of the settings file in the run folder. */
    static final String CONFIG_FILE = "config.json";
    /** The files whose presence marks a folder as holding a run. */
    private static final List<String> RUN_MARKERS = List.of(CONFIG_FILE, MetaTrainer.BEST_CHECKPOINT, MetaTrainer.LAST_CHECKPOINT);

    /** The resumable checkpoint that marks a run folder of {@code l2l fewshot train}. */
    private static final String FEWSHOT_CHECKPOINT = l2l.metalearner.fewshot.MetaTrainer.CHECKPOINT_FILE;

    /** The learning rate of OPTIMIZER:LR: a decimal such as 1, 0.5, .5 or 1e-3, without sign, suffix or spaces. */
    private static final Pattern DECIMAL = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "1000",
            description = "Number of meta-iterations, each an unroll and one Adam update of the optimizer (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--unroll", paramLabel = "STEPS", defaultValue = "" + MetaTrainingSettings.DEFAULT_UNROLL,
            description = "Optimization steps per unroll of truncated backpropagation through time (default: ${DEFAULT-VALUE}).")
    int unroll;

    @Option(names = "--horizon", paramLabel = "STEPS", defaultValue = "" + MetaTrainingSettings.DEFAULT_HORIZON,
            description = "Optimization steps per training problem before a fresh one is drawn (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--validation-horizon", paramLabel = "STEPS",
            description = "Optimization steps of a validation run, whose losses select best.safetensors. Twice the --horizon "
                    + "selects the weights that keep optimizing past the steps they were trained on (default: --horizon).")
    Integer validationHorizon;

    @Option(names = "--validate-against", paramLabel = "OPTIMIZER:LR",
            description = "Score validation runs against a hand-designed optimizer at a learning rate, given as OPTIMIZER:LR "
                    + "(such as nag:1) with OPTIMIZER one of sgd, momentum, nag, rmsprop, adam; give the rate that l2l compare "
                    + "tunes for it. The score is the largest ratio of the LSTM's mean validation loss to that optimizer's at the "
                    + "--validation-steps, and best.safetensors keeps the lowest. Below 1 means ahead of it at every one of those "
                    + "steps (default: score by the --meta-loss).")
    String validateAgainst;

    @Option(names = "--validation-steps", paramLabel = "STEP", split = ",",
            description = "With --validate-against, the steps at which the ratios are taken, such as 20,100,200, in any order "
                    + "(repeated steps count once) (default: those of 20, 100 and 200 within the validation horizon, or the "
                    + "horizon's last step if none is).")
    List<Integer> validationStepList;

    @Option(names = "--meta-lr", paramLabel = "RATE", defaultValue = "" + MetaTrainingSettings.DEFAULT_LEARNING_RATE,
            description = "Adam learning rate of the meta-optimizer (default: ${DEFAULT-VALUE}).")
    double metaLearningRate;

    @Option(names = "--final-meta-lr", paramLabel = "RATE",
            description = "Meta-learning rate at the last meta-iteration; the rate follows a cosine from --meta-lr down to it "
                    + "(default: --meta-lr, a constant rate).")
    Double finalMetaLearningRate;

    @Option(names = "--meta-loss", paramLabel = "KIND", defaultValue = "sum",
            description = "How an unroll's losses make the meta-loss, and how validation is scored unless --validate-against is "
                    + "given: sum (the paper's sum of the mean losses) or log (the sum of their logarithms, which weighs late steps "
                    + "with small losses as much as early ones; losses must be positive) (default: ${DEFAULT-VALUE}).")
    String metaLoss;

    @Option(names = "--imitate", paramLabel = "TEACHER:LR",
            description = "A hand-designed optimizer and its learning rate, such as nag:1. On every K-th training problem "
                    + "(--imitate-every) it moves the parameters, and the LSTM is trained to propose its updates (Chen et al. 2020); "
                    + "the other problems train on the meta-loss. Teachers: sgd, momentum, nag, rmsprop, adam (default: no "
                    + "imitation).")
    String imitate;

    @Option(names = "--imitate-every", paramLabel = "K", defaultValue = "2",
            description = "With --imitate, the teacher moves the parameters of every K-th training problem; 1 makes every "
                    + "problem an imitation problem (default: ${DEFAULT-VALUE}).")
    int imitateEvery;

    @Option(names = "--ema-decay", paramLabel = "DECAY", defaultValue = "0",
            description = "Validate and save an exponential moving average of the weights, updated after every meta-iteration "
                    + "as average = DECAY average + (1 - DECAY) weights, in place of the latest weights; training goes on from the "
                    + "latest. 0.9 averages over about the last 10 meta-iterations; 0 turns averaging off (default: ${DEFAULT-VALUE}).")
    double emaDecay;

    @Option(names = "--clip-norm", paramLabel = "NORM", defaultValue = "0",
            description = "Largest L2 norm of the meta-gradient; larger ones are scaled down to it. 0 turns clipping off "
                    + "(default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--problems-per-iteration", paramLabel = "M",
            description = "Problems optimized together in each meta-iteration (default: 128 for quadratics, 1 for a learner).")
    Integer trainingProblems;

    @Option(names = "--validation-problems", paramLabel = "M",
            description = "Number of fixed validation problems (default: 128 for quadratics, 4 for a learner).")
    Integer validationProblems;

    @Option(names = "--validate-every", paramLabel = "PROBLEMS", defaultValue = "10",
            description = "Training problems (not meta-iterations) between two validations (default: ${DEFAULT-VALUE}).")
    int validationInterval;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "" + LstmOptimizerConfig.DEFAULT_HIDDEN_SIZE,
            description = "Hidden units per LSTM layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--p", paramLabel = "P", defaultValue = "" + LstmOptimizerConfig.DEFAULT_P,
            description = "Gradient preprocessing parameter p: a gradient g with |g| >= e^-p becomes (log|g| / p, sign g), a smaller one "
                    + "(-1, e^p g) (default: ${DEFAULT-VALUE}).")
    double p;

    @Option(names = "--no-preprocessing", negatable = false, description = "Feed the raw gradient to the LSTM instead of the preprocessed pair.")
    boolean noPreprocessing;

    @Option(names = "--output-scale", paramLabel = "SCALE", defaultValue = "" + LstmOptimizerConfig.DEFAULT_OUTPUT_SCALE,
            description = "Factor applied to the LSTM's output to give the update (default: ${DEFAULT-VALUE}).")
    double outputScale;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Start from the weights of this checkpoint, whose configuration fixes what --hidden, --p, "
                    + "--no-preprocessing and --output-scale would set, so those options are rejected with it (default: a random "
                    + "initialisation from --seed).")
    Path init;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of every random choice: initial weights, training problems and, without --validation-seed, "
                    + "validation problems (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-seed", paramLabel = "SEED",
            description = "Draw the validation problems as a run with --seed SEED would, so that the stages of a chain, each with "
                    + "its own --seed, are validated on the same problems and their scores can be compared (default: --seed).")
    Long validationSeed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the tensor kernels (default: all processors).")
    Integer threads;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "The run folder to write; created if missing. A folder that already contains a run is rejected unless "
                    + "--overwrite is given.")
    Path out;

    @Option(names = "--overwrite", description = "Replace the run already in the --out folder (default: reject such a folder).")
    boolean overwrite;

    @Inject
    TrainCommand() {
    }

    @Override
    public Integer call() throws DatasetException, IOException, NonFiniteLossException, CheckpointException {
        OptionChecks.requireAtLeast(spec.commandLine(), "--iterations", iterations, 1);
        OptionChecks.requireAtLeast(spec.commandLine(), "--unroll", unroll, 1);
        OptionChecks.requireAtLeast(spec.commandLine(), "--horizon", horizon, 1);
        if (horizon > OptimizerRun.MAX_STEPS) {
            throw new ParameterException(spec.commandLine(), "--horizon " + horizon + " is more than " + OptimizerRun.MAX_STEPS
                    + ", the most steps l2l runs on one problem; give a smaller --horizon");
        }
        OptionChecks.requireAtLeast(spec.commandLine(), "--validate-every", validationInterval, 1);
        int validationSteps = validationHorizon == null ? horizon : validationHorizon;
        OptionChecks.requireAtLeast(spec.commandLine(), "--validation-horizon", validationSteps, 1);
        if (validationSteps > OptimizerRun.MAX_STEPS) {
            throw new ParameterException(spec.commandLine(), "--validation-horizon " + validationSteps + " is more than "
                    + OptimizerRun.MAX_STEPS + ", the most steps l2l runs on one problem; give a smaller --validation-horizon");
        }
        if (horizon < unroll) {
            throw new ParameterException(spec.commandLine(), "--horizon " + horizon + " is shorter than --unroll " + unroll
                    + "; a training problem must last at least one unroll, so raise --horizon or lower --unroll");
        }
        OptionChecks.requirePositive(spec.commandLine(), "--meta-lr", metaLearningRate);
        if (finalMetaLearningRate != null) {
            OptionChecks.requirePositive(spec.commandLine(), "--final-meta-lr", finalMetaLearningRate);
            if (finalMetaLearningRate > metaLearningRate) {
                throw new ParameterException(spec.commandLine(), "--final-meta-lr " + finalMetaLearningRate + " is larger than --meta-lr "
                        + metaLearningRate + ", but the rate follows a cosine down from --meta-lr to --final-meta-lr; give a "
                        + "--final-meta-lr of at most " + metaLearningRate + ", or leave it out for a constant rate");
            }
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new ParameterException(spec.commandLine(), "--clip-norm must be 0 (no clipping) or a positive number, got " + clipNorm);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new ParameterException(spec.commandLine(), "--ema-decay must be at least 0 (no average) and below 1, got " + emaDecay
                    + "; 0.9 to 0.99 are usual values");
        }
        if (imitate == null && spec.commandLine().getParseResult().hasMatchedOption("--imitate-every")) {
            throw new ParameterException(spec.commandLine(), "--imitate-every applies with --imitate, which names the teacher; add "
                    + "--imitate, such as --imitate nag:1, or leave --imitate-every out");
        }
        Imitation imitation = imitate == null ? null : imitation();
        RelativeValidation relativeValidation = relativeValidation(validationSteps);
        if (init != null) {
            for (String option : List.of("--hidden", "--p", "--no-preprocessing", "--output-scale")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(), option + " cannot change the optimizer of --init " + init
                            + ", whose checkpoint fixes its architecture and input and output settings; leave " + option + " out");
                }
            }
        } else {
            if (noPreprocessing && spec.commandLine().getParseResult().hasMatchedOption("--p")) {
                throw new ParameterException(spec.commandLine(), "--p " + p + " sets the gradient preprocessing, which "
                        + "--no-preprocessing turns off; leave one of them out");
            }
            OptionChecks.requireHiddenSize(spec.commandLine(), "--hidden", hidden);
            OptionChecks.requirePositive(spec.commandLine(), "--p", p);
            OptionChecks.requirePositive(spec.commandLine(), "--output-scale", outputScale);
        }
        OutputFolders.requireFolder(spec.commandLine(), "--out", out);
        if (Files.exists(out.resolve(FEWSHOT_CHECKPOINT))) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " contains a few-shot run of 'l2l fewshot train' ("
                    + FEWSHOT_CHECKPOINT + "), which --overwrite does not replace; choose another folder");
        }
        for (String file : RUN_MARKERS) {
            Path path = out.resolve(file);
            if (Files.isDirectory(path)) {
                throw new ParameterException(spec.commandLine(), "--out " + out + " contains a folder named " + file + ", where the run "
                        + "writes a file; rename or remove that folder, or choose another --out");
            }
            if (!overwrite && Files.exists(path)) {
                throw new ParameterException(spec.commandLine(), "--out " + out + " already contains a run (" + file + "); choose "
                        + "another folder, or pass --overwrite to replace that run");
            }
        }
        if (threads != null) {
            ThreadCounts.require(spec.commandLine(), "--threads", threads);
            Parallelism.setThreads(threads);
        }
        Task task = problemOptions.resolve(spec.commandLine(), locations);
        int perIteration = trainingProblems == null ? task.defaultTrainingProblems() : trainingProblems;
        int validationCount = validationProblems == null ? task.defaultValidationProblems() : validationProblems;
        OptionChecks.requireAtLeast(spec.commandLine(), "--problems-per-iteration", perIteration, 1);
        OptionChecks.requireAtLeast(spec.commandLine(), "--validation-problems", validationCount, 1);

        SeedStreams seeds = SeedStreams.derive(seed);
        LstmOptimizerCheckpoints.Saved start = init == null ? null : ModelFiles.readOptimizer(init, "train --init");
        LstmOptimizerConfig config;
        MetaTrainingSettings settings;
        try {
            config = start != null ? start.weights().config() : new LstmOptimizerConfig(hidden, !noPreprocessing, p, outputScale);
            settings = new MetaTrainingSettings(iterations, unroll, horizon, metaLearningRate,
                    finalMetaLearningRate == null ? metaLearningRate : finalMetaLearningRate, clipNorm, validationInterval,
                    seeds.training(), MetaLoss.fromLabel(metaLoss), validationSteps, imitation, emaDecay, relativeValidation);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("seed", seed);
        provenance.put("task", task.description());
        provenance.put("problem_family", task.family(perIteration).describe());
        provenance.put("l2l_version", VersionProvider.projectVersion());
        if (start != null) {
            Map<String, Object> initializedFrom = new LinkedHashMap<>();
            initializedFrom.put("checkpoint", init.toString());
            initializedFrom.put("provenance", start.provenance());
            provenance.put("initialized_from", initializedFrom);
        }
        Problem validation;
        LstmOptimizerWeights initial;
        ProblemFamily trainingFamily = task.family(perIteration);
        try {
            validation = task.family(validationCount).sample(validationProblemSeed(seeds), validationSteps);
            // Draws one training problem and drops it, so that a training family too large to build fails here, with
            // this message, and not after the first validation.
            trainingFamily.sample(seeds.training(), horizon);
            initial = start != null ? start.weights() : LstmOptimizerWeights.initialize(config, new TensorRandom(seeds.weights()));
        } catch (IllegalArgumentException e) {
            // Tensor shapes reject sizes beyond a Java array, such as --dimension 2000000000 or --hidden 100000.
            throw new ParameterException(spec.commandLine(), "The problems or the optimizer are too large to build: " + e.getMessage()
                    + "; lower --dimension, --hidden, --validation-problems or --problems-per-iteration");
        }
        MetaTrainer trainer = new MetaTrainer(settings, trainingFamily, validation, out, provenance);
        List<Double> baselineLosses = null;
        if (relativeValidation != null) {
            try {
                baselineLosses = trainer.baselineLosses();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--validate-against " + validateAgainst + ": " + e.getMessage());
            }
        }
        boolean replacing = overwrite && RUN_MARKERS.stream().anyMatch(file -> Files.exists(out.resolve(file)));
        List<String> leftOver = replacing ? otherEntries(out) : List.of();
        Files.createDirectories(out);
        writeConfig(task, config, settings, seeds, perIteration, validationCount, baselineLosses);
        PrintWriter stdout = spec.commandLine().getOut();
        if (!leftOver.isEmpty()) {
            stdout.println("Note: --out " + out + " also contains " + String.join(", ", leftOver) + " from before; --overwrite replaces "
                    + "only the run's own files, so these may describe the replaced run.");
        }
        stdout.println("Meta-training on " + task.name() + " (" + config.describe() + "): " + count(iterations, "meta-iteration") + " of "
                + count(unroll, "step") + ", " + count(perIteration, "problem") + " each, a fresh problem every " + count(horizon, "step")
                + ", validation on " + count(validationCount, "problem") + " for " + count(validationSteps, "step") + "; run folder " + out);
        if (imitation != null) {
            stdout.println("Imitation: " + imitation.teacher() + " with learning rate " + imitation.learningRate() + " moves the parameters of "
                    + (imitation.every() == 1 ? "every training problem" : "every " + ordinal(imitation.every()) + " training problem")
                    + ", and the LSTM learns to propose its updates there.");
        }
        if (emaDecay > 0) {
            stdout.println(averageNote(emaDecay, iterations));
        }
        if (relativeValidation != null) {
            stdout.println(relativeValidationNote(relativeValidation, baselineLosses));
        }

        List<MetaTrainer.Validation> history = new CopyOnWriteArrayList<>();
        Thread interruptNote = new Thread(() -> reportInterrupted(history, replacing), "l2l-interrupt-note");
        try {
            Runtime.getRuntime().addShutdownHook(interruptNote);
        } catch (IllegalStateException e) {
            // Ctrl-C came before training started, so the JVM is exiting and there is nothing to report.
            return 130;
        }
        MetaTrainer.Result result;
        try {
            List<Integer> ratioSteps = relativeValidation == null ? List.of() : relativeValidation.steps();
            result = trainer.train(initial, new MetaTrainingLog(settings, validationRecord -> {
                history.add(validationRecord);
                writeLog(history, ratioSteps);
            }));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interruptNote);
            } catch (IllegalStateException e) {
                // The JVM is shutting down, so the note is being printed.
            }
        }

        stdout.printf(Locale.ROOT, "Done in %.1f s (%.3f s per meta-iteration, validation excluded). Best %s %.5g after %s: %s%n",
                result.seconds(), result.secondsPerIteration(), settings.validationMetricName(), result.bestLoss(),
                count(result.bestIteration(), "meta-iteration"),
                out.resolve(MetaTrainer.BEST_CHECKPOINT));
        if (result.bestIteration() == 0) {
            stdout.println(untrainedNote(metaLearningRate));
        }
        return 0;
    }

    /**
     * Returns the note for a run in which no validation improved on the starting weights, so that
     * best.safetensors contains them.
     */
    static String untrainedNote(double metaLearningRate) {
        return "Note: no validation improved on the starting weights, so best.safetensors contains them. Try a --meta-lr lower than "
                + metaLearningRate + ", or more --iterations.";
    }

    /**
     * Prints, when the JVM stops during meta-training (Ctrl-C, SIGTERM), which checkpoints the run
     * folder keeps. Each is replaced atomically, so it is whole: best.safetensors when the
     * validation loss improves, last.safetensors at every validation.
     */
    private void reportInterrupted(List<MetaTrainer.Validation> history, boolean replacing) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("l2l: " + interruptedMessage(out, history, replacing));
        err.flush();
    }

    /**
     * Returns the note of {@link #reportInterrupted} for the run folder {@code out}, the validations
     * recorded so far, and whether the run replaces an earlier one.
     *
     * <p>NOTE: the training thread goes on while shutdown hooks run, and a validation is recorded
     * after its checkpoints are written, so a stop between the two leaves checkpoints one
     * validation newer than the note names.
     */
    static String interruptedMessage(Path out, List<MetaTrainer.Validation> history, boolean replacing) {
        if (history.isEmpty()) {
            return "meta-training stopped before its first validation, so " + out + (replacing
                    ? " keeps only the checkpoints of the run it replaces, if any" : " has no checkpoint yet");
        }
        MetaTrainer.Validation last = history.get(history.size() - 1);
        return "meta-training stopped; its last validation was at meta-iteration " + last.iterations() + ", so " + out + " keeps "
                + MetaTrainer.BEST_CHECKPOINT + " (meta-iteration " + last.bestIteration() + ") and " + MetaTrainer.LAST_CHECKPOINT
                + " (meta-iteration " + last.iterations() + "). Start a new run from one with --init "
                + out.resolve(MetaTrainer.LAST_CHECKPOINT);
    }

    /** Returns the names of the entries of {@code folder} that a run does not write, sorted; none when it does not exist. */
    private static List<String> otherEntries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> !RUN_MARKERS.contains(name) && !name.equals(LOG_FILE))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Returns the start line about the moving average that validation takes, with a warning when the
     * initial weights would still make up more than a tenth of the final average.
     */
    static String averageNote(double decay, int iterations) {
        String note = "Validation and checkpoints take the moving average of the weights with decay " + decay + ", about the last "
                + count(Math.round(1 / (1 - decay)), "meta-iteration") + ".";
        double initialShare = Math.pow(decay, iterations);
        if (initialShare <= 0.1) {
            return note;
        }
        return note + String.format(Locale.ROOT, " Note: after %s the initial weights still make up %.0f%% of the average (%s^%d); "
                + "an --ema-decay of at most %.3g brings that below 10%%.", count(iterations, "meta-iteration"), 100 * initialShare,
                decay, iterations, Math.pow(0.1, 1.0 / iterations));
    }

    /**
     * Returns the start line that describes how validation against a baseline is scored, with the
     * baseline's mean validation losses at the compared steps.
     */
    static String relativeValidationNote(RelativeValidation relative, List<Double> baselineLosses) {
        List<Integer> steps = relative.steps();
        String losses = baselineLosses.stream().map(loss -> String.format(Locale.ROOT, "%.4g", loss)).collect(Collectors.joining(", "));
        if (steps.size() == 1) {
            return "Validation score: the ratio of the LSTM's mean loss to that of " + relative.baseline() + " with learning rate "
                    + relative.learningRate() + " at step " + steps.get(0) + ", where " + relative.baseline() + "'s is " + losses
                    + "; below 1 is ahead of it there.";
        }
        String stepList = steps.subList(0, steps.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", ")) + " and "
                + steps.get(steps.size() - 1);
        return "Validation score: the largest ratio of the LSTM's mean loss to that of " + relative.baseline() + " with learning rate "
                + relative.learningRate() + " at steps " + stepList + ", where " + relative.baseline() + "'s are " + losses
                + "; below 1 is ahead of it at every one of them.";
    }

    /** Returns 2nd, 3rd, 4th, 11th, 21st and so on. */
    static String ordinal(int value) {
        int lastTwo = value % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (value % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return value + suffix;
    }

    /**
     * Writes config.json.
     *
     * @param baselineLosses the mean validation losses of the --validate-against baseline at the
     *     compared steps, or null without one
     */
    private void writeConfig(Task task, LstmOptimizerConfig config, MetaTrainingSettings settings, SeedStreams seeds, int perIteration,
            int validationCount, List<Double> baselineLosses) throws IOException {
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("hidden", config.hiddenSize());
        optimizer.put("preprocessing", config.preprocessing());
        optimizer.put("p", config.p());
        optimizer.put("output_scale", config.outputScale());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("meta_iterations", settings.iterations());
        training.put("unroll", settings.unroll());
        training.put("horizon", settings.horizon());
        training.put("meta_optimizer", "adam");
        training.put("meta_learning_rate", settings.learningRate());
        training.put("final_meta_learning_rate", settings.finalLearningRate());
        training.put("clip_norm", settings.clipNorm());
        training.put("problems_per_iteration", perIteration);
        training.put("validation_problems", validationCount);
        training.put("validate_every_problems", settings.validationInterval());
        training.put("validation_horizon", settings.validationHorizon());
        training.put("meta_loss", settings.metaLoss().label());
        Map<String, Object> imitation = null;
        if (settings.imitation() != null) {
            imitation = new LinkedHashMap<>();
            imitation.put("teacher", settings.imitation().teacher());
            imitation.put("learning_rate", settings.imitation().learningRate());
            imitation.put("every_problems", settings.imitation().every());
        }
        training.put("imitation", imitation);
        training.put("ema_decay", settings.emaDecay());
        RelativeValidation relative = settings.relativeValidation();
        training.put("validate_against", relative == null ? null : relative.record(baselineLosses));
        training.put("validation_metric", validationMetric(settings));
        Map<String, Object> seedFields = new LinkedHashMap<>();
        seedFields.put("seed", seed);
        seedFields.put("weights", seeds.weights());
        seedFields.put("training", seeds.training());
        seedFields.put("validation", validationProblemSeed(seeds));
        seedFields.put("validation_seed", validationSeed);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "train");
        root.put("task", task.description());
        root.put("problem_family", task.family(perIteration).describe());
        root.put("optimizer", optimizer);
        root.put("initialized_from", init == null ? null : init.toString());
        root.put("training", training);
        root.put("seeds", seedFields);
        root.put("threads", Parallelism.threads());
        root.put("l2l_version", VersionProvider.projectVersion());
        root.put("java_version", Runtime.version().toString());
        AtomicFiles.write(out.resolve(CONFIG_FILE), (Json.writePretty(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the seed of the validation problems: that of --validation-seed when given, else that of --seed. */
    private long validationProblemSeed(SeedStreams seeds) {
        return validationSeed == null ? seeds.validation() : SeedStreams.derive(validationSeed).validation();
    }

    /** Returns config.json's description of how validation runs are scored. */
    private static String validationMetric(MetaTrainingSettings settings) {
        if (settings.relativeValidation() != null) {
            return "largest ratio of the mean loss over the validation problems to that of " + settings.relativeValidation().describe();
        }
        if (settings.metaLoss() == MetaLoss.SUM) {
            return "mean loss over the validation problems and steps 1.." + settings.validationHorizon();
        }
        return "mean over steps 1.." + settings.validationHorizon() + " of the log of the mean loss over the validation problems";
    }

    /** Returns the imitation that --imitate and --imitate-every request. */
    private Imitation imitation() {
        NamedRate teacher = namedRate("--imitate", imitate, "teacher");
        OptionChecks.requireAtLeast(spec.commandLine(), "--imitate-every", imitateEvery, 1);
        return new Imitation(teacher.name(), teacher.rate(), imitateEvery);
    }

    /**
     * Returns the validation against a baseline that --validate-against and --validation-steps
     * request, or null without --validate-against.
     *
     * @param validationSteps the steps of a validation run, which the compared steps must not pass
     */
    private RelativeValidation relativeValidation(int validationSteps) {
        if (validateAgainst == null) {
            if (validationStepList != null) {
                throw new ParameterException(spec.commandLine(), "--validation-steps applies with --validate-against, which names the "
                        + "optimizer to compare with; add --validate-against, such as --validate-against nag:1, or leave "
                        + "--validation-steps out");
            }
            return null;
        }
        NamedRate baseline = namedRate("--validate-against", validateAgainst, "baseline");
        TreeSet<Integer> steps = new TreeSet<>();
        if (validationStepList == null) {
            for (int step : CompareCommand.REPORT_STEPS) {
                if (step <= validationSteps) {
                    steps.add(step);
                }
            }
            if (steps.isEmpty()) {
                steps.add(validationSteps);
            }
        } else {
            for (int step : validationStepList) {
                if (step < 1) {
                    throw new ParameterException(spec.commandLine(), "--validation-steps " + step + " is not a step; give steps from 1 "
                            + "to the validation horizon, " + validationSteps);
                }
                if (step > validationSteps) {
                    throw new ParameterException(spec.commandLine(), "--validation-steps " + step + " is beyond the validation horizon of "
                            + count(validationSteps, "step") + "; give steps up to " + validationSteps + ", or raise --validation-horizon");
                }
                steps.add(step);
            }
        }
        return new RelativeValidation(baseline.name(), baseline.rate(), List.copyOf(steps));
    }

    /** A hand-designed optimizer's name and learning rate, as in {@code nag:1}. */
    private record NamedRate(String name, double rate) {
    }

    /**
     * Parses the value of {@code option}, a hand-designed optimizer and its learning rate such as
     * {@code nag:1}; {@code role} names the optimizer in messages ("teacher", "baseline").
     */
    private NamedRate namedRate(String option, String value, String role) {
        if (value.isBlank()) {
            throw new ParameterException(spec.commandLine(), option + " is empty; give a " + role + " and its learning rate, such as "
                    + "nag:1");
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new ParameterException(spec.commandLine(), option + " " + value + " must be a " + role
                    + " and its learning rate, such as nag:1; the " + role + "s are " + HandDesignedOptimizers.NAMES);
        }
        String name = value.substring(0, colon);
        if (!HandDesignedOptimizers.NAMES.contains(name)) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": unknown " + role + " '" + name + "'; use one of "
                    + HandDesignedOptimizers.NAMES);
        }
        String rateText = value.substring(colon + 1);
        // Double.parseDouble also takes "1d", " 1" and "0x1p0", which are no way to write a learning rate.
        double rate = DECIMAL.matcher(rateText).matches() ? Double.parseDouble(rateText) : Double.NaN;
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": the " + role + "'s learning rate '" + rateText
                    + "' is not a positive finite number; give one after the colon, such as nag:1");
        }
        return new NamedRate(name, rate);
    }

    /**
     * Writes the training log of the validations so far; with --validate-against, one column per
     * compared step contains its ratio.
     */
    private void writeLog(List<MetaTrainer.Validation> history, List<Integer> ratioSteps) {
        StringBuilder csv = new StringBuilder(
                "problems,meta_iterations,mean_meta_loss,validation_loss,validation_loss_at_horizon,best,seconds,mean_imitation_loss");
        for (int step : ratioSteps) {
            csv.append(",ratio_at_step_").append(step);
        }
        csv.append('\n');
        for (MetaTrainer.Validation record : history) {
            csv.append(record.problems()).append(',').append(record.iterations()).append(',')
                    .append(Double.isNaN(record.metaLoss()) ? "" : Double.toString(record.metaLoss())).append(',')
                    .append(record.loss()).append(',').append(record.finalLoss()).append(',').append(record.best()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", record.seconds())).append(',')
                    .append(Double.isNaN(record.imitationLoss()) ? "" : Double.toString(record.imitationLoss()));
            for (double ratio : record.ratios()) {
                csv.append(',').append(ratio);
            }
            csv.append('\n');
        }
        try {
            AtomicFiles.write(out.resolve(LOG_FILE), csv.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot write " + out.resolve(LOG_FILE), e);
        }
    }
}
