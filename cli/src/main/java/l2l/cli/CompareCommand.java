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
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.cli.options.ThreadCounts;
import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.AtomicFiles;
import l2l.datasets.DatasetException;
import l2l.learners.ClassificationProblem;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.coordinatewise.LearnedOptimizer;
import l2l.metalearner.coordinatewise.LstmOptimizerCheckpoints;
import l2l.metalearner.evaluation.LearningRateSearch;
import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.evaluation.SeedStreams;
import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Parallelism;
import l2l.tensor.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l compare}: a trained LSTM optimizer against the tuned hand-designed optimizers on held-out problems. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Compares a trained LSTM optimizer with SGD, momentum, NAG, RMSprop and Adam on the same held-out problems. "
                    + "Each baseline's learning rate is tuned first on separate tuning problems, over the grid {1, 2, 5} x 10^k "
                    + "between --lr-min and --lr-max; the grid scores and the choices are printed.",
            "Prints the mean loss at steps 20, 100 and 200 (those within --steps) and writes to the --out folder: "
                    + "curves.csv (mean and median loss of every optimizer at every step), loss-curves.png and results.json. "
                    + "The problem family defaults to the one the checkpoint was trained on."})
final class CompareCommand implements Callable<Integer> {

    /** The steps whose mean losses the table shows. */
    static final int[] REPORT_STEPS = {20, 100, 200};
    /** The per-step curves file. */
    static final String CURVES_FILE = "curves.csv";
    /** The plot file. */
    static final String PLOT_FILE = "loss-curves.png";
    /** The results file. */
    static final String RESULTS_FILE = "results.json";

    private static final Logger LOG = LoggerFactory.getLogger(CompareCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true, description = "The trained optimizer, such as runs/mnist/best.safetensors.")
    Path checkpoint;

    @Option(names = "--problems", paramLabel = "M", description = "Number of held-out test problems (default: 100 for quadratics, 20 for a learner).")
    Integer testProblems;

    @Option(names = "--steps", paramLabel = "STEPS", defaultValue = "200", description = "Optimization steps per test run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--tuning-problems", paramLabel = "M", description = "Number of problems the learning rates are tuned on (default: 100 for quadratics, 10 for a learner).")
    Integer tuningProblems;

    @Option(names = "--tuning-steps", paramLabel = "STEPS", defaultValue = "100",
            description = "Optimization steps per tuning run; a run is scored at its last step (default: ${DEFAULT-VALUE}).")
    int tuningSteps;

    @Option(names = "--lr-min", paramLabel = "RATE", defaultValue = "1e-4", description = "Smallest learning rate of the grid (default: ${DEFAULT-VALUE}).")
    double learningRateMin;

    @Option(names = "--lr-max", paramLabel = "RATE", defaultValue = "10", description = "Largest learning rate of the grid (default: ${DEFAULT-VALUE}).")
    double learningRateMax;

    /** The maximum number of learning rates in a tuning grid: 20 powers of ten, where the default grid has 16 rates. */
    private static final int MAX_GRID_SIZE = 60;

    @Option(names = "--optimizers", paramLabel = "NAMES", split = ",", defaultValue = "sgd,momentum,nag,rmsprop,adam",
            description = "The baselines, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> baselines;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of every random choice: the tuning and the test problems (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the tensor kernels (default: all processors).")
    Integer threads;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "The folder to write the results to; created if missing. Results already in it are replaced, and the last "
                    + "line says so.")
    Path out;

    @Inject
    CompareCommand() {
    }

    @Override
    public Integer call() throws DatasetException, CheckpointException, IOException {
        OptionChecks.requireAtLeast(spec.commandLine(), "--steps", steps, 1);
        if (steps > OptimizerRun.MAX_STEPS) {
            throw new ParameterException(spec.commandLine(), "--steps " + steps + " is more than " + OptimizerRun.MAX_STEPS
                    + ", the most steps l2l runs on one problem; give a smaller --steps");
        }
        OptionChecks.requireAtLeast(spec.commandLine(), "--tuning-steps", tuningSteps, 1);
        if (tuningSteps > OptimizerRun.MAX_STEPS) {
            throw new ParameterException(spec.commandLine(), "--tuning-steps " + tuningSteps + " is more than " + OptimizerRun.MAX_STEPS
                    + ", the most steps l2l runs on one problem; give a smaller --tuning-steps");
        }
        OutputFolders.requireFolder(spec.commandLine(), "--out", out);
        if (threads != null) {
            ThreadCounts.require(spec.commandLine(), "--threads", threads);
            Parallelism.setThreads(threads);
        }
        if (baselines.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--optimizers names no optimizer; name at least one of "
                    + HandDesignedOptimizers.NAMES + ", separated by commas");
        }
        for (String name : baselines) {
            if (name.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--optimizers has an empty name (two commas in a row, or a comma at "
                        + "either end); separate names of " + HandDesignedOptimizers.NAMES + " by single commas");
            }
            if (!HandDesignedOptimizers.NAMES.contains(name)) {
                throw new ParameterException(spec.commandLine(), "Unknown optimizer '" + name + "' in --optimizers; expected some of "
                        + HandDesignedOptimizers.NAMES);
            }
            if (baselines.indexOf(name) != baselines.lastIndexOf(name)) {
                throw new ParameterException(spec.commandLine(), "--optimizers names " + name + " more than once; list each optimizer once");
            }
        }
        OptionChecks.requirePositive(spec.commandLine(), "--lr-min", learningRateMin);
        OptionChecks.requirePositive(spec.commandLine(), "--lr-max", learningRateMax);
        if (learningRateMin > learningRateMax) {
            throw new ParameterException(spec.commandLine(), "--lr-min " + learningRateMin + " is larger than --lr-max " + learningRateMax
                    + "; give the smallest learning rate of the grid with --lr-min and the largest with --lr-max");
        }
        List<Double> grid = LearningRateSearch.grid(learningRateMin, learningRateMax);
        if (grid.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "No learning rate of the form {1, 2, 5} x 10^k lies between --lr-min "
                    + learningRateMin + " and --lr-max " + learningRateMax);
        }
        if (grid.size() > MAX_GRID_SIZE) {
            throw new ParameterException(spec.commandLine(), "--lr-min " + compact(learningRateMin) + " to --lr-max "
                    + compact(learningRateMax) + " gives " + grid.size() + " learning rates, and each baseline is tuned with every one; "
                    + "narrow the range to at most " + MAX_GRID_SIZE + " rates (" + MAX_GRID_SIZE / 3 + " powers of ten)");
        }

        LstmOptimizerCheckpoints.Saved saved = ModelFiles.readOptimizer(checkpoint, "compare --checkpoint");
        problemOptions.fillFrom(ProblemOptions.recordedTask(saved.provenance()), checkpoint);
        Task task = problemOptions.resolve(spec.commandLine(), locations);
        int testCount = testProblems == null ? task.defaultTestProblems() : testProblems;
        int tuningCount = tuningProblems == null ? task.defaultTuningProblems() : tuningProblems;
        OptionChecks.requireAtLeast(spec.commandLine(), "--problems", testCount, 1);
        OptionChecks.requireAtLeast(spec.commandLine(), "--tuning-problems", tuningCount, 1);

        SeedStreams seeds = SeedStreams.derive(seed);
        Problem tuning;
        Problem test;
        try {
            tuning = task.family(tuningCount).sample(seeds.tuning(), tuningSteps);
            test = task.family(testCount).sample(seeds.test(), steps);
        } catch (IllegalArgumentException e) {
            // Tensor shapes reject sizes beyond a Java array, such as --dimension 50000 or --problems 200000 MLPs.
            throw new ParameterException(spec.commandLine(), "The problems are too large to build: " + e.getMessage()
                    + "; lower --dimension, --problems or --tuning-problems");
        }
        Files.createDirectories(out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Comparing " + checkpoint + " (" + saved.weights().config().describe() + ") on " + task.name() + ": "
                + count(testCount, "test problem") + ", " + count(steps, "step") + "; learning rates tuned on "
                + count(tuningCount, "problem") + " by "
                + task.tuningScoreDescription(tuningSteps));

        Map<String, LearningRateSearch.Result> tuned = new LinkedHashMap<>();
        long start = System.nanoTime();
        stdout.println();
        stdout.println("Learning-rate grid (" + task.tuningScoreDescription(tuningSteps) + ", inf = diverged):");
        stdout.println(gridHeader(grid));
        TuningProgress progress = new TuningProgress(baselines.size(), grid.size(), start, System::nanoTime,
                TuningProgress.DEFAULT_INTERVAL_NANOS, line -> LOG.info("{}", line));
        for (String name : baselines) {
            progress.start(name);
            LearningRateSearch.Result result = LearningRateSearch.tune(name, grid, tuning, tuningSteps, task.tuningScore(tuning),
                    progress::tried);
            tuned.put(name, result);
            stdout.println(gridRow(result));
            stdout.flush();
            progress.tuned(result);
        }
        for (LearningRateSearch.Result result : tuned.values()) {
            String edge = gridEdgeNote(result, grid);
            if (edge != null) {
                stdout.println(edge);
            }
        }

        Map<String, OptimizerRun.Curve> curves = new LinkedHashMap<>();
        Map<String, Double> learningRates = new LinkedHashMap<>();
        curves.put(LearnedOptimizer.NAME, OptimizerRun.run(new LearnedOptimizer(saved.weights()), test, steps));
        learningRates.put(LearnedOptimizer.NAME, null);
        LOG.info("ran {} on the test problems, {} s so far", LearnedOptimizer.NAME, Math.round((System.nanoTime() - start) / 1e9));
        for (String name : baselines) {
            double rate = tuned.get(name).chosen();
            curves.put(name, OptimizerRun.run(HandDesignedOptimizers.create(name, rate), test, steps));
            learningRates.put(name, rate);
            LOG.info("ran {} on the test problems, {} s so far", name, Math.round((System.nanoTime() - start) / 1e9));
        }

        Map<String, double[]> testAccuracy = new LinkedHashMap<>();
        if (test instanceof ClassificationProblem classification) {
            curves.forEach((name, curve) -> testAccuracy.put(name, curve.diverged() ? null : classification.testAccuracy(curve.finalParameters())));
        }
        printTable(stdout, curves, learningRates, testAccuracy);
        boolean replacing = Files.exists(out.resolve(RESULTS_FILE));
        writeResults(task, saved, seeds, tuningCount, testCount, grid, tuned, curves, learningRates, testAccuracy);
        stdout.println();
        stdout.println((replacing ? "Replaced the earlier results: wrote " : "Wrote ") + out.resolve(CURVES_FILE) + ", "
                + out.resolve(PLOT_FILE) + " and " + out.resolve(RESULTS_FILE));
        return 0;
    }

    /** Returns a note when the rate chosen for {@code result} lies on an edge of a grid of several rates, else null. */
    private static String gridEdgeNote(LearningRateSearch.Result result, List<Double> grid) {
        if (grid.size() < 2) {
            return null;
        }
        if (result.chosen() == grid.get(grid.size() - 1)) {
            return "Note: " + result.optimizer() + "'s learning rate " + compact(result.chosen())
                    + " is the largest of the grid; raise --lr-max to search beyond it";
        }
        if (result.chosen() == grid.get(0)) {
            return "Note: " + result.optimizer() + "'s learning rate " + compact(result.chosen())
                    + " is the smallest of the grid; lower --lr-min to search below it";
        }
        return null;
    }

    private static String gridHeader(List<Double> grid) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", "lr"));
        for (double rate : grid) {
            line.append(String.format(Locale.ROOT, " %9s", compact(rate)));
        }
        return line.append("  chosen").toString();
    }

    private static String gridRow(LearningRateSearch.Result result) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", result.optimizer()));
        for (LearningRateSearch.Point point : result.points()) {
            line.append(String.format(Locale.ROOT, " %9s", number(point.score())));
        }
        return line.append("  ").append(compact(result.chosen())).toString();
    }

    private void printTable(PrintWriter stdout, Map<String, OptimizerRun.Curve> curves, Map<String, Double> learningRates,
            Map<String, double[]> testAccuracy) {
        List<Integer> reported = reportedSteps();
        stdout.println();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-9s %8s", "optimizer", "lr"));
        for (int step : reported) {
            header.append(String.format(Locale.ROOT, " %12s", "mean@" + step));
        }
        if (!testAccuracy.isEmpty()) {
            header.append(String.format(Locale.ROOT, " %14s", "test acc@" + steps));
        }
        stdout.println(header);
        for (Map.Entry<String, OptimizerRun.Curve> entry : curves.entrySet()) {
            Double rate = learningRates.get(entry.getKey());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s %8s", entry.getKey(), rate == null ? "-" : compact(rate)));
            for (int step : reported) {
                line.append(String.format(Locale.ROOT, " %12s", number(entry.getValue().mean(step))));
            }
            if (!testAccuracy.isEmpty()) {
                double[] accuracy = testAccuracy.get(entry.getKey());
                line.append(String.format(Locale.ROOT, " %14s", accuracy == null ? "-" : String.format(Locale.ROOT, "%.4f", mean(accuracy))));
            }
            stdout.println(line);
        }
    }

    private List<Integer> reportedSteps() {
        List<Integer> reported = new ArrayList<>();
        for (int step : REPORT_STEPS) {
            if (step <= steps) {
                reported.add(step);
            }
        }
        if (reported.isEmpty() || reported.get(reported.size() - 1) != steps) {
            reported.add(steps);
        }
        return reported;
    }

    private void writeResults(Task task, LstmOptimizerCheckpoints.Saved saved, SeedStreams seeds, int tuningCount, int testCount,
            List<Double> grid, Map<String, LearningRateSearch.Result> tuned, Map<String, OptimizerRun.Curve> curves,
            Map<String, Double> learningRates, Map<String, double[]> testAccuracy) throws IOException {
        StringBuilder csv = new StringBuilder("step");
        for (String name : curves.keySet()) {
            csv.append(',').append(name).append("_mean,").append(name).append("_median");
        }
        csv.append('\n');
        for (int step = 0; step <= steps; step++) {
            csv.append(step);
            for (OptimizerRun.Curve curve : curves.values()) {
                csv.append(',').append(curve.mean(step)).append(',').append(curve.median(step));
            }
            csv.append('\n');
        }
        AtomicFiles.write(out.resolve(CURVES_FILE), csv.toString().getBytes(StandardCharsets.UTF_8));

        Map<String, double[]> means = new LinkedHashMap<>();
        curves.forEach((name, curve) -> {
            double[] values = new double[steps + 1];
            for (int step = 0; step <= steps; step++) {
                values[step] = curve.mean(step);
            }
            means.put(name + (learningRates.get(name) == null ? "" : " (lr " + compact(learningRates.get(name)) + ")"), values);
        });
        LossPlot.write(out.resolve(PLOT_FILE), "Mean loss on " + count(testCount, "held-out " + task.name() + " problem"), means);

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "l2l-compare");
        root.put("format_version", 1);
        root.put("task", task.description());
        root.put("problem_family", task.family(testCount).describe());
        root.put("checkpoint", checkpoint.toString());
        root.put("checkpoint_provenance", saved.provenance());
        root.put("seed", seed);
        root.put("seeds", Map.of("tuning", seeds.tuning(), "test", seeds.test()));
        root.put("test_problems", testCount);
        root.put("steps", steps);
        Map<String, Object> tuningFields = new LinkedHashMap<>();
        tuningFields.put("problems", tuningCount);
        tuningFields.put("steps", tuningSteps);
        tuningFields.put("score", task.tuningScoreDescription(tuningSteps));
        tuningFields.put("grid", grid);
        root.put("tuning", tuningFields);
        List<Object> optimizers = new ArrayList<>();
        for (Map.Entry<String, OptimizerRun.Curve> entry : curves.entrySet()) {
            String name = entry.getKey();
            OptimizerRun.Curve curve = entry.getValue();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", name);
            fields.put("learning_rate", learningRates.get(name));
            List<Object> meanLoss = new ArrayList<>();
            List<Object> medianLoss = new ArrayList<>();
            for (int step = 0; step <= steps; step++) {
                meanLoss.add(finite(curve.mean(step)));
                medianLoss.add(finite(curve.median(step)));
            }
            fields.put("mean_loss", meanLoss);
            fields.put("median_loss", medianLoss);
            fields.put("diverged_at_step", curve.diverged() ? curve.divergedAt() : null);
            if (testAccuracy.containsKey(name)) {
                double[] accuracy = testAccuracy.get(name);
                fields.put("test_accuracy", accuracy == null ? null : mean(accuracy));
            }
            LearningRateSearch.Result result = tuned.get(name);
            if (result != null) {
                List<Object> points = new ArrayList<>();
                for (LearningRateSearch.Point point : result.points()) {
                    Map<String, Object> pointFields = new LinkedHashMap<>();
                    pointFields.put("learning_rate", point.learningRate());
                    pointFields.put("score", finite(point.score()));
                    points.add(pointFields);
                }
                fields.put("tuning", points);
            }
            optimizers.add(fields);
        }
        root.put("optimizers", optimizers);
        AtomicFiles.write(out.resolve(RESULTS_FILE), (Json.writePretty(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Object finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : "inf";
    }

    /**
     * Returns {@code value} as a short decimal: {@code 0.02} or {@code 5}, and in scientific
     * notation outside [1e-4, 1e6), such as {@code 1e-12}, so that table columns stay narrow.
     */
    static String compact(double value) {
        java.math.BigDecimal decimal = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (value >= 1e-4 && value < 1e6) {
            return decimal.toPlainString();
        }
        return decimal.toString().replace("E+", "e").replace('E', 'e');
    }
}
