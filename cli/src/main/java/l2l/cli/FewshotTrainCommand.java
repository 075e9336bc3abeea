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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import l2l.cli.options.ThreadCounts;
import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.AtomicFiles;
import l2l.datasets.DatasetException;
import l2l.datasets.EpisodeShape;
import l2l.datasets.SplitPart;
import l2l.learners.fewshot.EpisodeTasks;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.fewshot.FewShotCheckpoints;
import l2l.metalearner.fewshot.FewShotException;
import l2l.metalearner.fewshot.FewShotSetup;
import l2l.metalearner.fewshot.FewShotTask;
import l2l.metalearner.fewshot.GradientOrder;
import l2l.metalearner.fewshot.MetaTrainer;
import l2l.metalearner.fewshot.MetaTrainingConfig;
import l2l.metalearner.fewshot.QueryStatistics;
import l2l.metalearner.fewshot.TrainingState;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProviders;
import l2l.tensor.Parallelism;
import l2l.tensor.TensorSizeException;
import l2l.tensor.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code l2l fewshot train}: meta-trains the meta-learner LSTM and writes a run folder:
 * {@code config.json} (the configuration and provenance), {@code checkpoint.safetensors} (the
 * resumable state, written at every validation), {@code best.safetensors} (the best validated
 * model), {@code results.json} and {@code curve.png}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Meta-trains the meta-learner LSTM of Ravi and Larochelle (2017) on N-way K-shot tasks drawn from the meta-training "
                    + "classes, validates it every --validate-every episodes on fixed tasks from the validation classes, and keeps "
                    + "the best model.",
            "The run folder receives config.json, checkpoint.safetensors (resumable), best.safetensors, results.json and "
                    + "curve.png. After an interruption, run the same command with --resume to continue; the result is the same as "
                    + "that of an uninterrupted run. Exits with status 1 if meta-training diverges, keeping the last good checkpoint."})
final class FewshotTrainCommand implements Callable<Integer> {

    static final String CONFIG_FILE = "config.json";
    static final String RESULTS_FILE = "results.json";
    static final String PLOT_FILE = "curve.png";

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "The run folder (default: runs/fewshot-<N>way-<K>shot-seed<SEED> under the working directory).")
    Path runDir;

    @Option(names = "--resume", description = "Continue the run in --run-dir from its checkpoint, with its stored configuration. "
            + "Only --episodes may be given with it, to train further.")
    boolean resume;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "omniglot",
            description = "The dataset, by the name that 'l2l datasets' lists (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--split-file", paramLabel = "FILE",
            description = "A class split file, JSON with train, val and test (default: the dataset's own split).")
    Path splitFile;

    @Option(names = "--no-rotations", negatable = false,
            description = "Leave out the 90, 180 and 270 degree rotations that Omniglot's meta-training characters gain by default.")
    boolean noRotations;

    @Option(names = "--image-size", paramLabel = "PIXELS", defaultValue = "28",
            description = "Side of the decoded square images, in pixels (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--ways", paramLabel = "N", defaultValue = "5", description = "Classes per task (default: ${DEFAULT-VALUE}).")
    int ways;

    @Option(names = "--shots", paramLabel = "K", defaultValue = "1", description = "Support images per class (default: ${DEFAULT-VALUE}).")
    int shots;

    @Option(names = "--queries", paramLabel = "Q", defaultValue = "15", description = "Query images per class (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--steps", paramLabel = "T",
            description = "Inner steps T of the meta-learner on the support set (default: 12 for 1 shot, 8 for more).")
    Integer steps;

    @Option(names = "--episodes", paramLabel = "COUNT", defaultValue = "2000",
            description = "Number of meta-training episodes, one Adam step each; 0 only validates the initial meta-learner "
                    + "(default: ${DEFAULT-VALUE}).")
    long episodes;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "" + MetaTrainingConfig.DEFAULT_LEARNING_RATE,
            description = "Adam's learning rate for the meta-parameters (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip-norm", paramLabel = "NORM", defaultValue = "" + MetaTrainingConfig.DEFAULT_CLIP_NORM,
            description = "Largest Euclidean norm of the meta-gradient; longer ones are scaled down (default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--validate-every", paramLabel = "EPISODES", defaultValue = "250",
            description = "Episodes between validations, each of which also writes the checkpoint (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--validation-episodes", paramLabel = "COUNT", defaultValue = "100",
            description = "Number of fixed validation tasks (episodes) from the validation classes (default: ${DEFAULT-VALUE}).")
    int validationEpisodes;

    @Option(names = "--log-every", paramLabel = "EPISODES", defaultValue = "50",
            description = "Episodes between progress lines (default: ${DEFAULT-VALUE}).")
    long logEvery;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the initialisation and of the meta-training tasks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "20",
            description = "Hidden units of the meta-learner's first LSTM layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--second-order", negatable = false,
            description = "Differentiate through the learner's gradient as well (exact meta-gradient; slower).")
    boolean secondOrder;

    @Option(names = "--bn-momentum", paramLabel = "M", defaultValue = "" + FewShotSetup.DEFAULT_BN_MOMENTUM,
            description = "Momentum of the batch-norm statistics gathered on the support set in the inner loop (default: ${DEFAULT-VALUE}).")
    double bnMomentum;

    @Option(names = "--query-statistics", paramLabel = "WHICH", defaultValue = "support",
            description = "Batch-norm statistics of the query pass at validation and evaluation: 'support' (gathered on the support "
                    + "set) or 'batch' (the query batch's own). Meta-training always uses the query batch (default: ${DEFAULT-VALUE}).")
    String queryStatistics;

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = "conv4",
            description = "The learner, by provider name (default: ${DEFAULT-VALUE}).")
    String learnerName;

    @Option(names = "--learner-option", paramLabel = "KEY=VALUE", parameterConsumer = KeyValueConsumer.class,
            description = "A learner option, such as filters=32 or blocks=4; repeat for several (default: the learner's own defaults; "
                    + "conv4 has 4 blocks of 32 filters).")
    Map<String, String> learnerOptions = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "COUNT",
            description = "Threads the tensor kernels may use (default: all processors).")
    Integer threads;

    private final Provider<LearnerProviders> learnerProviders;

    @Inject
    FewshotTrainCommand(Provider<LearnerProviders> learnerProviders) {
        this.learnerProviders = learnerProviders;
    }

    @Override
    public Integer call() throws DatasetException, FewShotException, CheckpointException, IOException {
        if (threads != null) {
            ThreadCounts.require(spec.commandLine(), "--threads", threads);
            Parallelism.setThreads(threads);
        }
        LearnerProviders providers = learnerProviders.get();
        RunConfig run = resume ? resumedConfig() : newConfig();
        Path folder = run.folder;

        Learner learner = createLearner(run.setup, providers);
        EpisodeShape shape = new EpisodeShape(run.setup.ways(), run.setup.shots(), run.setup.queries());
        EpisodeTasks trainTasks;
        List<FewShotTask> validation;
        try {
            trainTasks = EpisodeTasks.create(run.data.open(locations, SplitPart.TRAIN), shape, run.config.seed());
            validation = EpisodeTasks.create(run.data.open(locations, SplitPart.VAL), shape, validationSeed(run.config.seed()))
                    .first(run.validationEpisodes);
        } catch (TensorSizeException e) {
            throw new ParameterException(spec.commandLine(), "The episodes are too large to build: " + e.getMessage()
                    + "; lower --image-size, --ways, --shots or --queries");
        }

        TrainingState state;
        MetaTrainer trainer;
        try {
            trainer = new MetaTrainer(run.setup, learner, run.config, trainTasks, validation, folder, run.provenance);
        } catch (TensorSizeException e) {
            // A shape beyond a Java array, such as the LSTM weights of --hidden 100000.
            throw new ParameterException(spec.commandLine(), "The meta-learner is too large to build: " + e.getMessage()
                    + "; lower --hidden, --image-size or the learner's size options");
        }
        Path checkpoint = folder.resolve(MetaTrainer.CHECKPOINT_FILE);
        if (resume) {
            FewShotCheckpoints.LoadedTraining loaded = FewShotCheckpoints.readTraining(checkpoint, providers);
            if (!loaded.setup().equals(run.setup)) {
                throw new CheckpointException(checkpoint, "was written for " + loaded.setup() + " but " + folder.resolve(CONFIG_FILE)
                        + " configures " + run.setup + "; the checkpoint belongs to another run");
            }
            state = loaded.state();
            if (state.episodesDone() > run.config.episodes()) {
                throw new ParameterException(spec.commandLine(), "--episodes " + run.config.episodes() + " is fewer than the "
                        + count(state.episodesDone(), "episode") + " that the run in " + folder + " has done already; give --episodes "
                        + state.episodesDone() + " or more to train further, or start a new run in another --run-dir");
            }
            // config.json records the resume and the episode count that the resumed run trains to, as results.json does.
            writeJson(folder.resolve(CONFIG_FILE), run.toJson());
            spec.commandLine().getOut().println("Resuming " + folder + " after episode " + state.episodesDone() + " of " + run.config.episodes());
        } else {
            Files.createDirectories(folder);
            writeJson(folder.resolve(CONFIG_FILE), run.toJson());
            state = trainer.initialState();
        }

        long start = System.nanoTime();
        long episodesBefore = state.episodesDone();
        TrainingState finalState = trainer.train(state, new FewshotTrainingLog());
        double seconds = (System.nanoTime() - start) / 1e9;

        FewshotResults.writeTraining(folder, run.toJson(), finalState, seconds, finalState.episodesDone() - episodesBefore);
        String plotTitle = run.setup + ", " + count(finalState.episodesDone(), "episode");
        LearningCurvePlot.write(finalState.curve(), plotTitle, folder.resolve(PLOT_FILE));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Trained %s for %s in %s; best validation accuracy %.2f%% after episode %d.%n", run.setup,
                count(finalState.episodesDone(), "episode"), FewshotResults.duration(seconds), 100 * finalState.bestAccuracy(),
                finalState.bestEpisode());
        out.println("Run folder " + folder + ": " + MetaTrainer.BEST_FILE + ", " + MetaTrainer.CHECKPOINT_FILE + ", " + RESULTS_FILE
                + ", " + PLOT_FILE);
        return 0;
    }

    /**
     * Returns the split file as a run records it: a relative {@code --split-file} as given, and
     * any other split file, such as the dataset's own, relative to {@code runFolder}. So the
     * record does not start at the root of one machine's file system, and it stays true when the
     * run folder and the data move together, as in a copy of the repository.
     */
    String recordedSplitFile(Path file, Path runFolder) {
        if (splitFile != null && !splitFile.isAbsolute()) {
            return splitFile.toString();
        }
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return runFolder.toAbsolutePath().normalize().relativize(absolute).toString();
        } catch (IllegalArgumentException e) {
            // On Windows, a path on another drive has no relative form.
            return absolute.toString();
        }
    }

    /** Returns the validation tasks' seed, derived from the run seed so that they differ from the training tasks. */
    static long validationSeed(long seed) {
        return seed ^ 0x5EED_0000_0001L;
    }

    private RunConfig newConfig() throws DatasetException {
        QueryStatistics statistics;
        try {
            statistics = QueryStatistics.fromKey(queryStatistics);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for --query-statistics: '" + queryStatistics
                    + "'; expected support or batch");
        }
        int innerSteps = steps != null ? steps : (shots == 1 ? 12 : 8);
        checkOptions(innerSteps);

        FewShotSetup setup;
        MetaTrainingConfig config;
        try {
            setup = new FewShotSetup(learnerName, learnerOptions, new int[] {1, imageSize, imageSize}, ways, shots, queries, hidden,
                    innerSteps, 10, secondOrder ? GradientOrder.SECOND : GradientOrder.FIRST, bnMomentum, statistics);
            config = new MetaTrainingConfig(episodes, learningRate, clipNorm, validateEvery, logEvery, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        FewshotData data = new FewshotData(dataset, Optional.ofNullable(splitFile), !noRotations, imageSize);
        Path folder = runDir != null ? runDir : Path.of("runs", "fewshot-" + ways + "way-" + shots + "shot-seed" + seed);
        OutputFolders.requireFolder(spec.commandLine(), "--run-dir", folder);
        requireNotOptimizerRun(folder);
        if (Files.exists(folder.resolve(MetaTrainer.CHECKPOINT_FILE))) {
            if (!Files.exists(folder.resolve(CONFIG_FILE))) {
                throw new ParameterException(spec.commandLine(), "The run folder " + folder + " contains " + MetaTrainer.CHECKPOINT_FILE
                        + " but no " + CONFIG_FILE + ", so its run can be neither resumed nor replaced; move "
                        + MetaTrainer.CHECKPOINT_FILE + " out of the folder, or choose another --run-dir");
            }
            throw new ParameterException(spec.commandLine(), "The run folder " + folder + " already contains a run; pass --resume to "
                    + "continue it, or choose another --run-dir");
        }
        if (Files.exists(folder.resolve(MetaTrainer.BEST_FILE))) {
            throw new ParameterException(spec.commandLine(), "The run folder " + folder + " contains " + MetaTrainer.BEST_FILE
                    + " but no " + MetaTrainer.CHECKPOINT_FILE + " to resume, so a new run would replace that model; move "
                    + MetaTrainer.BEST_FILE + " out of the folder, or choose another --run-dir");
        }
        if (Files.exists(folder.resolve(CONFIG_FILE))) {
            // A run that stopped before its first checkpoint left only its configuration: there is nothing to resume.
            spec.commandLine().getOut().println("The run folder " + folder + " contains " + CONFIG_FILE + " but no "
                    + MetaTrainer.CHECKPOINT_FILE + ", so its run stopped before the first checkpoint; starting it again");
        }

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("l2l_version", VersionProvider.projectVersion());
        provenance.put("java", "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " processors");
        provenance.put("data", data.toJson());
        provenance.put("split_file", data.effectiveSplitFile(locations).map(file -> recordedSplitFile(file, folder)).orElse(null));
        provenance.put("created", java.time.Instant.now().toString());
        provenance.put("command", commandText());
        return new RunConfig(folder, setup, config, data, validationEpisodes, provenance);
    }

    /**
     * Rejects a folder that contains a run of {@code l2l train}, whose {@code config.json} has the
     * top-level field {@code "command": "train"}, since a few-shot run can neither resume nor replace it.
     */
    private void requireNotOptimizerRun(Path folder) {
        Path configFile = folder.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            return;
        }
        Object command;
        try {
            command = Json.parse(Files.readString(configFile)) instanceof Map<?, ?> root ? root.get("command") : null;
        } catch (IOException | RuntimeException e) {
            // An unreadable config.json is reported by the checks that read it as a few-shot configuration.
            return;
        }
        if ("train".equals(command)) {
            throw new ParameterException(spec.commandLine(), "--run-dir " + folder + " contains a run of 'l2l train' (a learned optimizer), "
                    + "not a few-shot run; choose another --run-dir");
        }
    }

    /** Checks the ranges of the numeric options, so that a bad value is reported with its option's name. */
    private void checkOptions(int innerSteps) {
        CommandLine commandLine = spec.commandLine();
        OptionChecks.requireAtLeast(commandLine, "--ways", ways, 2);
        OptionChecks.requireAtLeast(commandLine, "--shots", shots, 1);
        OptionChecks.requireAtLeast(commandLine, "--queries", queries, 1);
        OptionChecks.requireAtLeast(commandLine, "--steps", innerSteps, 1);
        OptionChecks.requireHiddenSize(commandLine, "--hidden", hidden);
        OptionChecks.requireAtLeast(commandLine, "--image-size", imageSize, 1);
        OptionChecks.requireAtLeast(commandLine, "--episodes", episodes, 0);
        OptionChecks.requireAtLeast(commandLine, "--validate-every", validateEvery, 1);
        OptionChecks.requireAtLeast(commandLine, "--validation-episodes", validationEpisodes, 1);
        OptionChecks.requireAtLeast(commandLine, "--log-every", logEvery, 1);
        OptionChecks.requirePositive(commandLine, "--learning-rate", learningRate);
        OptionChecks.requirePositive(commandLine, "--clip-norm", clipNorm);
        OptionChecks.requireMomentum(commandLine, "--bn-momentum", bnMomentum);
    }

    private RunConfig resumedConfig() throws DatasetException, CheckpointException {
        if (runDir == null) {
            throw new ParameterException(spec.commandLine(), "--resume needs --run-dir, the folder of the run to continue");
        }
        OutputFolders.requireFolder(spec.commandLine(), "--run-dir", runDir);
        for (String option : spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName()).toList()) {
            if (!List.of("--resume", "--run-dir", "--episodes", "--data-dir", "--cache-dir", "--threads").contains(option)) {
                throw new ParameterException(spec.commandLine(), "Option " + option + " cannot change a resumed run, whose configuration is "
                        + "stored in " + runDir.resolve(CONFIG_FILE) + "; leave it out or start a new run");
            }
        }
        Path configFile = runDir.resolve(CONFIG_FILE);
        if (!Files.isDirectory(runDir)) {
            throw new ParameterException(spec.commandLine(), "--run-dir " + runDir + " does not exist, so there is no run to resume; "
                    + "check the path, or leave out --resume to start a new run there");
        }
        requireNotOptimizerRun(runDir);
        if (!Files.isRegularFile(configFile)) {
            throw new ParameterException(spec.commandLine(), "--run-dir " + runDir + " contains no run to resume (no " + CONFIG_FILE
                    + "); check the path, or leave out --resume to start a new run there");
        }
        if (!Files.isRegularFile(runDir.resolve(MetaTrainer.CHECKPOINT_FILE))) {
            throw new CheckpointException(runDir.resolve(MetaTrainer.CHECKPOINT_FILE), "file not found, so there is nothing to resume; "
                    + "the run stopped before its first validation, so start it again without --resume");
        }
        RunConfig stored = RunConfig.read(configFile);
        if (spec.commandLine().getParseResult().hasMatchedOption("--episodes")) {
            OptionChecks.requireAtLeast(spec.commandLine(), "--episodes", episodes, 0);
            stored = stored.withEpisodes(episodes);
        }
        return stored.withResume(commandText(), java.time.Instant.now().toString());
    }

    /** Returns the command line as typed, such as {@code l2l fewshot train --run-dir runs/a --resume}. */
    private String commandText() {
        // The parse result's original arguments start with the subcommand names, "fewshot train".
        return "l2l " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private Learner createLearner(FewShotSetup setup, LearnerProviders providers) {
        try {
            return setup.createLearner(providers);
        } catch (TensorSizeException e) {
            throw new ParameterException(spec.commandLine(), "The learner is too large to build: " + e.getMessage()
                    + "; lower --image-size or the learner's size options (--learner-option)");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), UnknownLearners.messageOf(e));
        }
    }

    static void writeJson(Path file, Object json) throws IOException {
        AtomicFiles.write(file, (Json.writePretty(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The configuration of a run, as stored in its {@code config.json}. */
    record RunConfig(Path folder, FewShotSetup setup, MetaTrainingConfig config, FewshotData data, int validationEpisodes,
            Map<String, Object> provenance) {

        RunConfig withEpisodes(long episodes) {
            return new RunConfig(folder, setup, config.withEpisodes(episodes), data, validationEpisodes, provenance);
        }

        /** Returns this configuration with one more entry, the command and its start time, in the provenance's {@code resumed} list. */
        RunConfig withResume(String command, String created) {
            Map<String, Object> updated = new LinkedHashMap<>(provenance);
            List<Object> resumes = updated.get("resumed") instanceof List<?> earlier ? new ArrayList<>(earlier) : new ArrayList<>();
            resumes.add(Map.of("command", command, "created", created));
            updated.put("resumed", resumes);
            return new RunConfig(folder, setup, config, data, validationEpisodes, updated);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("setup", setup.toJson());
            json.put("training", config.toJson());
            json.put("data", data.toJson());
            json.put("validation_episodes", validationEpisodes);
            json.put("provenance", provenance);
            return json;
        }

        @SuppressWarnings("unchecked")
        static RunConfig read(Path file) throws DatasetException, CheckpointException {
            Object parsed;
            try {
                parsed = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new DatasetException(file, "cannot read the run configuration: " + e, e);
            } catch (IllegalArgumentException e) {
                throw new DatasetException(file, "the run configuration is not valid JSON: " + e.getMessage(), e);
            }
            if (!(parsed instanceof Map) || !(((Map<?, ?>) parsed).get("setup") instanceof Map)
                    || !(((Map<?, ?>) parsed).get("training") instanceof Map) || !(((Map<?, ?>) parsed).get("data") instanceof Map)
                    || !(((Map<?, ?>) parsed).get("validation_episodes") instanceof Long)) {
                throw new DatasetException(file, "a run configuration is a JSON object with the objects setup, training and data and "
                        + "the whole number validation_episodes");
            }
            Map<String, Object> json = (Map<String, Object>) parsed;
            Object provenance = json.get("provenance");
            return new RunConfig(file.getParent() == null ? Path.of(".") : file.getParent(),
                    FewShotSetup.fromJson(file, (Map<String, Object>) json.get("setup")),
                    MetaTrainingConfig.fromJson(file, (Map<?, ?>) json.get("training")),
                    FewshotData.fromJson(file, (Map<?, ?>) json.get("data")),
                    ((Long) json.get("validation_episodes")).intValue(),
                    provenance instanceof Map ? (Map<String, Object>) provenance : Map.of());
        }
    }
}
