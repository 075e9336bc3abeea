package l2l.cli;

import static l2l.cli.text.Plurals.count;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.cli.options.ThreadCounts;
import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.AtomicFiles;
import l2l.datasets.DatasetException;
import l2l.datasets.EpisodeShape;
import l2l.datasets.OneShotRun;
import l2l.datasets.SplitPart;
import l2l.learners.fewshot.EpisodeTasks;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.fewshot.AccuracySummary;
import l2l.metalearner.fewshot.FewShotCheckpoints;
import l2l.metalearner.fewshot.FewShotException;
import l2l.metalearner.fewshot.FewShotModel;
import l2l.metalearner.fewshot.FewShotSetup;
import l2l.metalearner.fewshot.FewShotTask;
import l2l.metalearner.fewshot.FineTuning;
import l2l.metalearner.fewshot.PixelNearestNeighbour;
import l2l.metalearner.fewshot.QueryStatistics;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProviders;
import l2l.tensor.Parallelism;
import l2l.tensor.TensorRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code l2l fewshot eval}: measures a trained meta-learner and the baselines on the same test
 * episodes, and on Lake's 20-way one-shot runs, and writes the results as JSON.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Evaluates a meta-learner (best.safetensors or checkpoint.safetensors of a run, or a file in models/) on --episodes "
                    + "tasks from the test classes: mean accuracy and its 95%% confidence interval (1.96 standard errors).",
            "On the same tasks it runs the baselines: fine-tuning the learner from its own random initialisation with SGD and with "
                    + "Adam for the same T steps, each learning rate tuned on --tune-episodes validation tasks, and the pixel "
                    + "nearest neighbour. On Lake's 20-way one-shot runs, when found, it reports the accuracy over all test drawings; "
                    + "a model trained for fewer classes starts there from a head whose every row is the mean of its learned rows."})
final class FewshotEvalCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(FewshotEvalCommand.class);

    /** Lake's runs have one test drawing per class. */
    private static final int LAKE_QUERIES = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "The model: best.safetensors or checkpoint.safetensors of a run folder, or a file in models/.")
    Path model;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "The dataset (default: the one the model was trained on, else omniglot).")
    String dataset;

    @Option(names = "--split-file", paramLabel = "FILE", description = "A class split file (default: the one the model was trained with).")
    Path splitFile;

    @Option(names = "--episodes", paramLabel = "COUNT", defaultValue = "600",
            description = "Number of test tasks (episodes) from the test classes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the test tasks, the tuning tasks and the baselines' initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--query-statistics", paramLabel = "WHICH",
            description = "Batch-norm statistics of the query pass: 'support' or 'batch' (default: the model's setting).")
    String queryStatistics;

    @Option(names = "--bn-momentum", paramLabel = "M",
            description = "Momentum of the batch-norm statistics gathered on the support set (default: the model's setting).")
    Double bnMomentum;

    @Option(names = "--no-baselines", negatable = false, description = "Evaluate only the meta-learner.")
    boolean noBaselines;

    @Option(names = "--tune-episodes", paramLabel = "COUNT", defaultValue = "50",
            description = "Validation tasks (episodes) per learning rate when tuning the fine-tuning baselines (default: ${DEFAULT-VALUE}).")
    int tuneEpisodes;

    @Option(names = "--no-lake", negatable = false, description = "Skip Lake's 20-way one-shot runs.")
    boolean noLake;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The results file (default: eval-<model name>.json beside the model).")
    Path output;

    @Option(names = "--threads", paramLabel = "COUNT", description = "Threads the tensor kernels may use (default: all processors).")
    Integer threads;

    private final Provider<LearnerProviders> learnerProviders;

    @Inject
    FewshotEvalCommand(Provider<LearnerProviders> learnerProviders) {
        this.learnerProviders = learnerProviders;
    }

    @Override
    public Integer call() throws DatasetException, FewShotException, CheckpointException, IOException {
        if (threads != null) {
            ThreadCounts.require(spec.commandLine(), "--threads", threads);
            Parallelism.setThreads(threads);
        }
        if (episodes < 1 || tuneEpisodes < 1) {
            throw new ParameterException(spec.commandLine(), "--episodes and --tune-episodes must be at least 1, got " + episodes + " and "
                    + tuneEpisodes);
        }
        if (bnMomentum != null) {
            OptionChecks.requireMomentum(spec.commandLine(), "--bn-momentum", bnMomentum);
        }
        Path file = output != null ? output : defaultOutput();
        AtomicFiles.requireFileTarget(file);
        LearnerProviders providers = learnerProviders.get();
        FewShotCheckpoints.LoadedModel loaded = ModelFiles.readFewShotModel(model, providers);
        FewShotModel trained = withNormalization(loaded.model());
        FewShotSetup setup = trained.setup();
        FewshotData data = dataOf(loaded.provenance(), setup);
        long started = System.nanoTime();

        EpisodeShape shape = new EpisodeShape(setup.ways(), setup.shots(), setup.queries());
        LOG.info("Drawing {} ({}) from the test classes", count(episodes, "test task"), shape);
        List<FewShotTask> test = EpisodeTasks.create(data.open(locations, SplitPart.TEST), shape, seed).first(episodes);
        // The baselines' tuning tasks are drawn first, so a dataset without validation classes fails before the test runs.
        List<FewShotTask> tuning = noBaselines ? List.of() : tuningTasks(data, shape);
        Map<String, Object> methods = new LinkedHashMap<>();
        List<String[]> table = new ArrayList<>();
        AccuracySummary metaAccuracy = measure("meta-LSTM", test, trained::accuracy, methods, table, Map.of());
        if (!noBaselines) {
            runBaselines(trained.learner(), setup, test, tuning, methods, table);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "l2l.fewshot.evaluation");
        json.put("model", model.toString());
        json.put("setup", setup.toJson());
        json.put("model_provenance", loaded.provenance());
        json.put("data", data.toJson());
        Map<String, Object> testJson = new LinkedHashMap<>();
        testJson.put("episodes", episodes);
        testJson.put("seed", seed);
        testJson.put("tune_episodes", noBaselines ? null : tuneEpisodes);
        testJson.put("methods", methods);
        json.put("test", testJson);

        Optional<List<OneShotRun>> runs = noLake ? Optional.empty() : data.oneShotRuns(locations);
        List<String[]> lakeTable = new ArrayList<>();
        if (runs.isPresent()) {
            json.put("lake", evaluateLake(trained, providers, data, runs.get(), lakeTable));
        }
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("seconds", (System.nanoTime() - started) / 1e9);
        timing.put("load_average", FewshotResults.loadAverage());
        json.put("timing", timing);
        FewshotTrainCommand.writeJson(file, json);

        PrintWriter out = spec.commandLine().getOut();
        out.println(setup + ", query statistics: " + setup.queryStatistics().key());
        out.println(count(episodes, "test task") + " from the test classes:");
        printTable(out, table);
        if (!lakeTable.isEmpty()) {
            out.println("Lake's 20-way one-shot runs (accuracy over all test drawings):");
            printTable(out, lakeTable);
        }
        out.println("Wrote " + file + " (meta-LSTM " + metaAccuracy + ")");
        return 0;
    }

    /** Returns the model with the command's batch-normalisation settings, where given. */
    private FewShotModel withNormalization(FewShotModel trained) {
        FewShotSetup setup = trained.setup();
        QueryStatistics statistics = setup.queryStatistics();
        if (queryStatistics != null) {
            try {
                statistics = QueryStatistics.fromKey(queryStatistics);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for --query-statistics: '" + queryStatistics
                        + "'; expected support or batch");
            }
        }
        double momentum = bnMomentum != null ? bnMomentum : setup.bnMomentum();
        try {
            FewShotSetup changed = new FewShotSetup(setup.learner(), setup.learnerOptions(), setup.inputShape(), setup.ways(), setup.shots(),
                    setup.queries(), setup.hidden(), setup.steps(), setup.p(), setup.order(), momentum, statistics);
            return new FewShotModel(changed, trained.learner(), trained.parameters());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Returns the data the model was trained on, from its provenance, with the command's options taking precedence. */
    private FewshotData dataOf(Map<String, Object> provenance, FewShotSetup setup) throws DatasetException {
        FewshotData stored = provenance.get("data") instanceof Map<?, ?> json ? FewshotData.fromJson(model, json) : null;
        String name = "omniglot";
        Optional<Path> split = Optional.empty();
        if (stored != null) {
            name = stored.dataset();
            split = stored.splitFile();
        }
        if (dataset != null) {
            name = dataset;
        }
        if (splitFile != null) {
            split = Optional.of(splitFile);
        }
        return new FewshotData(name, split, false, setup.inputShape()[1]);
    }

    private Path defaultOutput() {
        String name = model.getFileName().toString().replaceFirst("\\.safetensors$", "");
        Path parent = model.toAbsolutePath().getParent();
        return parent.resolve("eval-" + name + ".json");
    }

    /**
     * Returns the baselines' tuning tasks, drawn from the validation classes.
     *
     * @throws DatasetException naming --no-baselines when the dataset has no validation classes
     */
    private List<FewShotTask> tuningTasks(FewshotData data, EpisodeShape shape) throws DatasetException, FewShotException {
        try {
            return EpisodeTasks.create(data.open(locations, SplitPart.VAL), shape, tuningSeed(seed)).first(tuneEpisodes);
        } catch (DatasetException e) {
            throw new DatasetException(e.getMessage() + "; or pass --no-baselines to skip the baselines, which tune on validation "
                    + "tasks", e);
        }
    }

    /** Returns the seed of the tuning tasks, derived from the test seed so that the two differ. */
    static long tuningSeed(long seed) {
        return seed ^ 0x7E57_0000_0002L;
    }

    private void runBaselines(Learner learner, FewShotSetup setup, List<FewShotTask> test, List<FewShotTask> tuning,
            Map<String, Object> methods, List<String[]> table) {
        for (String optimizer : List.of("sgd", "adam")) {
            FineTuning untuned = new FineTuning(learner, learner.initialParameters(new TensorRandom(seed)), optimizer, 0.1, setup.steps(),
                    setup.bnMomentum(), setup.queryStatistics());
            LOG.info("Tuning the learning rate of fine-tuning with {} on {}", optimizer, count(tuning.size(), "validation task"));
            FineTuning.Tuned tuned = untuned.tune(FineTuning.grid(optimizer), tuning);
            LOG.info("Fine-tuning with {}: validation accuracy by learning rate {}", optimizer,
                    tuned.describeTried(CompareCommand::compact));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("learning_rate", tuned.best().learningRate());
            extra.put("validation_accuracy", tuned.validationAccuracy());
            extra.put("tried", tuned.tried());
            String name = fineTuningName(optimizer, tuned.best().learningRate(), setup.steps());
            measure(name, test, tuned.best()::accuracy, methods, table, extra);
        }
        measure("pixel nearest neighbour", test, PixelNearestNeighbour::accuracy, methods, table, Map.of());
    }

    /** Returns a fine-tuning baseline's name, with its learning rate written as 'l2l compare' writes rates. */
    private static String fineTuningName(String optimizer, double learningRate, int steps) {
        return "fine-tune " + optimizer + " (lr " + CompareCommand.compact(learningRate) + ", T = " + steps + ")";
    }

    private AccuracySummary measure(String name, List<FewShotTask> tasks, ToDoubleFunction<FewShotTask> method, Map<String, Object> methods,
            List<String[]> table, Map<String, Object> extra) {
        long start = System.nanoTime();
        double[] accuracies = new double[tasks.size()];
        for (int i = 0; i < accuracies.length; i++) {
            accuracies[i] = method.applyAsDouble(tasks.get(i));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        AccuracySummary summary = AccuracySummary.of(accuracies);
        Map<String, Object> json = new LinkedHashMap<>(summary.toJson());
        json.put("seconds_per_episode", seconds / tasks.size());
        json.putAll(extra);
        methods.put(name, json);
        table.add(new String[] {name, summary.toString(), String.format(Locale.ROOT, "%.3f s/episode", seconds / tasks.size())});
        LOG.info("{}: {}", name, summary);
        return summary;
    }

    private Map<String, Object> evaluateLake(FewShotModel trained, LearnerProviders providers, FewshotData data, List<OneShotRun> runs,
            List<String[]> table) throws DatasetException, FewShotException {
        int ways = runs.get(0).ways();
        FewShotModel lakeModel = trained.withWays(ways, providers);
        List<FewShotTask> tasks = EpisodeTasks.fromRuns(runs);
        Map<String, Object> methods = new LinkedHashMap<>();
        lakeMethod("meta-LSTM", tasks, lakeModel::accuracy, methods, table, Map.of());
        if (!noBaselines) {
            EpisodeShape shape = new EpisodeShape(ways, 1, LAKE_QUERIES);
            List<FewShotTask> tuning = EpisodeTasks.create(data.open(locations, SplitPart.VAL), shape, tuningSeed(seed)).first(tuneEpisodes);
            Learner learner = lakeModel.learner();
            FewShotSetup setup = lakeModel.setup();
            for (String optimizer : List.of("sgd", "adam")) {
                FineTuning tuned = new FineTuning(learner, learner.initialParameters(new TensorRandom(seed)), optimizer, 0.1, setup.steps(),
                        setup.bnMomentum(), setup.queryStatistics()).tune(FineTuning.grid(optimizer), tuning).best();
                String name = fineTuningName(optimizer, tuned.learningRate(), setup.steps());
                lakeMethod(name, tasks, tuned::accuracy, methods, table, Map.of("learning_rate", tuned.learningRate()));
            }
            lakeMethod("pixel nearest neighbour", tasks, PixelNearestNeighbour::accuracy, methods, table, Map.of());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", tasks.size());
        json.put("ways", ways);
        json.put("head", trained.setup().ways() == ways ? "as trained"
                : "every row of the " + ways + "-way head is the mean of the " + trained.setup().ways() + " learned rows");
        json.put("methods", methods);
        return json;
    }

    private static void lakeMethod(String name, List<FewShotTask> tasks, ToDoubleFunction<FewShotTask> method, Map<String, Object> methods,
            List<String[]> table, Map<String, Object> extra) {
        long correct = 0;
        long items = 0;
        List<Object> perRun = new ArrayList<>();
        for (FewShotTask task : tasks) {
            double accuracy = method.applyAsDouble(task);
            int queries = task.queryLabels().length;
            correct += Math.round(accuracy * queries);
            items += queries;
            perRun.add(accuracy);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accuracy", (double) correct / items);
        json.put("correct", correct);
        json.put("items", items);
        json.put("per_run", perRun);
        json.putAll(extra);
        methods.put(name, json);
        table.add(new String[] {name, String.format(Locale.ROOT, "%.2f%% (%d of %d)", 100.0 * correct / items, correct, items), ""});
        LOG.info("Lake's runs, {}: {} of {} correct", name, correct, items);
    }

    private static void printTable(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int column = 0; column < 3; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        for (String[] row : rows) {
            out.println(("  " + String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %s", row[0], row[1], row[2])).stripTrailing());
        }
    }
}
