package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.cli.options.VersionProvider;
import l2l.metalearner.checkpoint.Checkpoint;
import l2l.metalearner.checkpoint.Checkpoints;
import l2l.metalearner.fewshot.FewShotCheckpoints;
import l2l.tensor.io.Json;

/**
 * Runs {@code l2l fewshot train} and {@code eval} on the bundled Omniglot subsets with a tiny
 * network and budget (2 blocks of 4 filters, T = 2, a few episodes), so each run takes seconds.
 */
class FewshotCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    private int run(String... args) {
        List<String> full = new ArrayList<>(Arrays.asList(args));
        full.add("--cache-dir");
        full.add(folder.resolve("cache").toString());
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), full.toArray(String[]::new));
    }

    /** Runs a tiny meta-training in {@code runDir} with extra arguments. */
    private int train(Path runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("fewshot", "train", "--run-dir", runDir.toString(), "--learner-option", "filters=4",
                "--learner-option", "blocks=2", "--steps", "2", "--queries", "2", "--validate-every", "2", "--validation-episodes", "2",
                "--log-every", "1", "--seed", "3"));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainWritesRunFolderAndEvalMeasuresIt() throws Exception {
        Path runDir = folder.resolve("run");

        int trainStatus = train(runDir, "--episodes", "4");

        assertThat(trainStatus).as("exit status; stderr: %s", err).isZero();
        for (String name : List.of("config.json", "checkpoint.safetensors", "best.safetensors", "results.json", "curve.png")) {
            assertThat(runDir.resolve(name)).as(name).isRegularFile();
        }
        Map<String, Object> results = json(runDir.resolve("results.json"));
        assertThat(results.get("kind")).isEqualTo("l2l.fewshot.training");
        assertThat(results.get("episodes_done")).isEqualTo(4L);
        List<Object> validation = (List<Object>) ((Map<String, Object>) results.get("curve")).get("validation");
        assertThat(validation).extracting(point -> ((Map<String, Object>) point).get("episode")).containsExactly(0L, 2L, 4L);
        assertThat(((Map<String, Object>) results.get("best_validation")).get("file")).isEqualTo("best.safetensors");
        byte[] png = Files.readAllBytes(runDir.resolve("curve.png"));
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        Map<String, Object> config = json(runDir.resolve("config.json"));
        assertThat(((Map<String, Object>) config.get("setup")).get("steps")).isEqualTo(2L);
        assertThat((String) ((Map<String, Object>) config.get("provenance")).get("split_file")).endsWith("split-242-seed1234.json");
        assertThat((String) ((Map<String, Object>) config.get("provenance")).get("command"))
                .startsWith("l2l fewshot train --run-dir " + runDir + " --learner-option filters=4");
        assertThat(((Map<String, Object>) config.get("provenance")).get("l2l_version")).isEqualTo(VersionProvider.projectVersion());
        assertThat(Checkpoints.read(runDir.resolve("best.safetensors"), FewShotCheckpoints.KIND).provenance().get("l2l_version"))
                .isEqualTo(VersionProvider.projectVersion());
        assertThat(out.toString()).contains("Trained conv4 {filters=4, blocks=2} [1, 28, 28], 5-way 1-shot, 2 queries, T = 2");

        Path evaluation = folder.resolve("eval.json");
        int evalStatus = run("fewshot", "eval", "--model", runDir.resolve("best.safetensors").toString(), "--episodes", "3",
                "--tune-episodes", "1", "-o", evaluation.toString());

        assertThat(evalStatus).as("exit status; stderr: %s", err).isZero();
        Map<String, Object> report = json(evaluation);
        Map<String, Object> methods = (Map<String, Object>) ((Map<String, Object>) report.get("test")).get("methods");
        assertThat(methods.keySet()).hasSize(4).contains("meta-LSTM", "pixel nearest neighbour");
        // Learning rates are written in their shortest form, as 'l2l compare' writes them.
        List<String> sgdNames = Stream.of("0.01", "0.03", "0.1", "0.3", "1", "3")
                .map(rate -> "fine-tune sgd (lr " + rate + ", T = 2)").toList();
        List<String> adamNames = Stream.of("0.0003", "0.001", "0.003", "0.01", "0.03", "0.1")
                .map(rate -> "fine-tune adam (lr " + rate + ", T = 2)").toList();
        assertThat(methods.keySet()).containsAnyElementsOf(sgdNames);
        assertThat(methods.keySet()).containsAnyElementsOf(adamNames);
        Map<String, Object> meta = (Map<String, Object>) methods.get("meta-LSTM");
        assertThat((Double) meta.get("accuracy")).isBetween(0.0, 1.0);
        assertThat(meta.get("episodes")).isEqualTo(3L);
        Map<String, Object> lake = (Map<String, Object>) report.get("lake");
        assertThat(lake.get("ways")).isEqualTo(20L);
        Map<String, Object> lakeMeta = (Map<String, Object>) ((Map<String, Object>) lake.get("methods")).get("meta-LSTM");
        assertThat(lakeMeta.get("items")).isEqualTo(200L);
        assertThat((String) lake.get("head")).isEqualTo("every row of the 20-way head is the mean of the 5 learned rows");
        assertThat(out.toString()).contains("Lake's 20-way one-shot runs (accuracy over all test drawings):");

        // MNIST has test digits but no validation classes, which the baselines tune on.
        int mnistWithBaselines = run("fewshot", "eval", "--model", runDir.resolve("best.safetensors").toString(), "--episodes", "2",
                "--no-lake", "--dataset", "mnist", "-o", folder.resolve("mnist.json").toString());
        String mnistError = err.toString();
        int mnistAlone = run("fewshot", "eval", "--model", runDir.resolve("best.safetensors").toString(), "--episodes", "2",
                "--no-lake", "--no-baselines", "--dataset", "mnist", "-o", folder.resolve("mnist.json").toString());

        assertThat(mnistWithBaselines).isEqualTo(1);
        assertThat(mnistError).contains("an MNIST-style folder has the parts train and test only, with no validation part")
                .contains("; or pass --no-baselines to skip the baselines, which tune on validation tasks");
        assertThat(mnistAlone).as("exit status; stderr: %s", err).isZero();
        assertThat(folder.resolve("mnist.json")).isRegularFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void splitFileRecordedRelative() throws Exception {
        Path bundled = Path.of(System.getProperty("l2l.data.home"), "omniglot", "split-242-seed1234.json").toAbsolutePath();
        Path copy = Files.copy(bundled, folder.resolve("my-split.json"));
        Path givenRelative = Path.of("").toAbsolutePath().relativize(copy);
        Path defaultRun = folder.resolve("runs/default");
        Path absoluteRun = folder.resolve("runs/absolute");
        Path relativeRun = folder.resolve("runs/relative");

        assertThat(train(defaultRun, "--episodes", "0")).as("stderr: %s", err).isZero();
        assertThat(train(absoluteRun, "--episodes", "0", "--split-file", copy.toString())).as("stderr: %s", err).isZero();
        assertThat(train(relativeRun, "--episodes", "0", "--split-file", givenRelative.toString())).as("stderr: %s", err).isZero();

        String recordedDefault = (String) ((Map<String, Object>) json(defaultRun.resolve("config.json")).get("provenance")).get("split_file");
        assertThat(Path.of(recordedDefault).isAbsolute()).as(recordedDefault).isFalse();
        assertThat(defaultRun.toAbsolutePath().resolve(recordedDefault).normalize()).isEqualTo(bundled.normalize());
        String recordedAbsolute = (String) ((Map<String, Object>) json(absoluteRun.resolve("config.json")).get("provenance")).get("split_file");
        assertThat(recordedAbsolute).isEqualTo(Path.of("..", "..", "my-split.json").toString());
        String recordedRelative = (String) ((Map<String, Object>) json(relativeRun.resolve("config.json")).get("provenance")).get("split_file");
        assertThat(recordedRelative).isEqualTo(givenRelative.toString());
        Map<String, Object> modelProvenance = Checkpoints.read(defaultRun.resolve("best.safetensors"), FewShotCheckpoints.KIND).provenance();
        assertThat(modelProvenance.get("split_file")).isEqualTo(recordedDefault);
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Path straight = folder.resolve("straight");
        Path resumed = folder.resolve("resumed");

        assertThat(train(straight, "--episodes", "4")).as("stderr: %s", err).isZero();
        assertThat(train(resumed, "--episodes", "2")).as("stderr: %s", err).isZero();
        assertThat(run("fewshot", "train", "--run-dir", resumed.toString(), "--resume", "--episodes", "4")).as("stderr: %s", err).isZero();

        Checkpoint expected = Checkpoints.read(straight.resolve("checkpoint.safetensors"), FewShotCheckpoints.KIND);
        Checkpoint actual = Checkpoints.read(resumed.resolve("checkpoint.safetensors"), FewShotCheckpoints.KIND);
        assertThat(actual.tensors()).isEqualTo(expected.tensors());
        assertThat(actual.provenance().get("curve")).isEqualTo(expected.provenance().get("curve"));
        assertThat(json(resumed.resolve("results.json")).get("curve")).isEqualTo(json(straight.resolve("results.json")).get("curve"));
        assertThat(out.toString()).contains("Resuming " + resumed + " after episode 2 of 4");
    }

    @Test
    void runWithoutCheckpointStartsAgain() throws IOException {
        Path runDir = folder.resolve("run");
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("config.json"), "{}");

        int status = train(runDir, "--episodes", "2");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("The run folder " + runDir + " contains config.json but no checkpoint.safetensors, so its run "
                + "stopped before the first checkpoint; starting it again");
        assertThat(runDir.resolve("checkpoint.safetensors")).isRegularFile();
        assertThat(json(runDir.resolve("config.json"))).containsKey("setup");
    }

    @Test
    void tooLargeMetaLearnerRejected() {
        int status = train(folder.resolve("run"), "--hidden", "100000", "--episodes", "1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--hidden 100000 gives a [4H, H] weight matrix of more values than a Java array holds")
                .contains("lower --hidden to at most 23170").doesNotContain("\tat ");
    }

    @Test
    void tooLargeImagesNameTheOption() {
        int status = train(folder.resolve("run"), "--image-size", "100000", "--episodes", "1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("The learner is too large to build: Shape [").contains("lower --image-size")
                .doesNotContain("\tat ");
    }

    @Test
    void foreignModelInRunFolderKept() throws IOException {
        Path runDir = Files.createDirectory(folder.resolve("foreign"));
        byte[] model = "a model written by another run".getBytes(StandardCharsets.UTF_8);
        Files.write(runDir.resolve("best.safetensors"), model);

        int status = train(runDir, "--episodes", "2");
        int empty = run("fewshot", "train", "--run-dir", "", "--episodes", "2");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("The run folder " + runDir + " contains best.safetensors but no checkpoint.safetensors to "
                + "resume, so a new run would replace that model; move best.safetensors out of the folder, or choose another --run-dir");
        assertThat(Files.readAllBytes(runDir.resolve("best.safetensors"))).isEqualTo(model);
        assertThat(empty).isEqualTo(2);
        assertThat(err.toString()).contains("--run-dir is empty; give the folder that receives the output");
    }

    @Test
    void loneTrainingCheckpointNamed() throws IOException {
        Path runDir = Files.createDirectory(folder.resolve("lone"));
        Files.writeString(runDir.resolve("checkpoint.safetensors"), "a checkpoint without its configuration");

        int status = train(runDir, "--episodes", "2");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("The run folder " + runDir + " contains checkpoint.safetensors but no config.json, so its run "
                + "can be neither resumed nor replaced; move checkpoint.safetensors out of the folder, or choose another --run-dir");
    }

    @Test
    void hugeEpisodesRejected() {
        int status = run("fewshot", "train", "--run-dir", folder.resolve("huge").toString(), "--learner-option", "filters=4",
                "--learner-option", "blocks=2", "--steps", "2", "--queries", "2147483647", "--episodes", "1");

        assertThat(status).as("stderr: %s", err).isEqualTo(2);
        assertThat(err.toString()).contains("The episodes are too large to build: Shape [")
                .contains("; lower --image-size, --ways, --shots or --queries").doesNotContain("\tat ");
    }

    @Test
    void existingRunNeedsResume() {
        Path runDir = folder.resolve("run");
        assertThat(train(runDir, "--episodes", "2")).isZero();

        int again = train(runDir, "--episodes", "2");
        int resumeWithNewSetting = run("fewshot", "train", "--run-dir", runDir.toString(), "--resume", "--shots", "5");

        assertThat(again).isEqualTo(2);
        assertThat(err.toString()).contains("The run folder " + runDir + " already contains a run; pass --resume to continue it, or choose "
                + "another --run-dir");
        assertThat(resumeWithNewSetting).isEqualTo(2);
        assertThat(err.toString()).contains("Option --shots cannot change a resumed run");
    }

    @Test
    @SuppressWarnings("unchecked")
    void resumeRecordsNewEpisodeCount() throws Exception {
        Path runDir = folder.resolve("run");
        assertThat(train(runDir, "--episodes", "2")).as("stderr: %s", err).isZero();

        int status = run("fewshot", "train", "--run-dir", runDir.toString(), "--resume", "--episodes", "4");

        assertThat(status).as("stderr: %s", err).isZero();
        Map<String, Object> training = (Map<String, Object>) json(runDir.resolve("config.json")).get("training");
        assertThat(training.get("episodes")).isEqualTo(4L);
        assertThat(json(runDir.resolve("results.json")).get("episodes_done")).isEqualTo(4L);
        Map<String, Object> provenance = (Map<String, Object>) json(runDir.resolve("config.json")).get("provenance");
        assertThat((String) provenance.get("command")).startsWith("l2l fewshot train --run-dir").doesNotContain("--resume");
        List<Map<String, Object>> resumes = (List<Map<String, Object>>) provenance.get("resumed");
        assertThat(resumes).hasSize(1);
        assertThat((String) resumes.get(0).get("command")).startsWith("l2l fewshot train --run-dir " + runDir + " --resume --episodes 4");
        Checkpoint checkpoint = Checkpoints.read(runDir.resolve("checkpoint.safetensors"), FewShotCheckpoints.KIND);
        assertThat(checkpoint.provenance().toString()).contains("--resume --episodes 4");
    }

    @Test
    void resumeToFewerEpisodesRejected() throws Exception {
        Path runDir = folder.resolve("run");
        assertThat(train(runDir, "--episodes", "4")).as("stderr: %s", err).isZero();
        byte[] results = Files.readAllBytes(runDir.resolve("results.json"));
        byte[] config = Files.readAllBytes(runDir.resolve("config.json"));

        int status = run("fewshot", "train", "--run-dir", runDir.toString(), "--resume", "--episodes", "2");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--episodes 2 is fewer than the 4 episodes that the run in " + runDir + " has done "
                + "already; give --episodes 4 or more to train further, or start a new run in another --run-dir");
        assertThat(Files.readAllBytes(runDir.resolve("results.json"))).isEqualTo(results);
        assertThat(Files.readAllBytes(runDir.resolve("config.json"))).isEqualTo(config);
    }

    @Test
    void optimizerRunFolderRejected() throws IOException {
        Path optimizerRun = Files.createDirectory(folder.resolve("optimizer"));
        Files.writeString(optimizerRun.resolve("config.json"), "{\"command\": \"train\", \"training\": {}}");
        String expected = "--run-dir " + optimizerRun + " contains a run of 'l2l train' (a learned optimizer), not a few-shot run; "
                + "choose another --run-dir";

        int newStatus = train(optimizerRun, "--episodes", "1");
        String newMessage = err.toString();
        err.getBuffer().setLength(0);
        int resumeStatus = run("fewshot", "train", "--run-dir", optimizerRun.toString(), "--resume");

        assertThat(newStatus).isEqualTo(2);
        assertThat(newMessage).startsWith(expected);
        assertThat(resumeStatus).isEqualTo(2);
        assertThat(err.toString()).startsWith(expected);
    }

    @Test
    void trainOverwriteKeepsFewShotRun() throws IOException {
        Path runDir = folder.resolve("run");
        assertThat(train(runDir, "--episodes", "1")).as("stderr: %s", err).isZero();
        byte[] checkpoint = Files.readAllBytes(runDir.resolve("checkpoint.safetensors"));

        int status = run("train", "--problem", "quadratic", "--overwrite", "--out", runDir.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--out " + runDir + " contains a few-shot run of 'l2l fewshot train' "
                + "(checkpoint.safetensors), which --overwrite does not replace; choose another folder");
        assertThat(Files.readAllBytes(runDir.resolve("checkpoint.safetensors"))).isEqualTo(checkpoint);
    }

    @Test
    void resumeWithoutRunRejected() throws IOException {
        Path missing = folder.resolve("missing");
        Path empty = Files.createDirectory(folder.resolve("empty"));

        int missingStatus = run("fewshot", "train", "--run-dir", missing.toString(), "--resume");
        String missingMessage = err.toString();
        err.getBuffer().setLength(0);
        int emptyStatus = run("fewshot", "train", "--run-dir", empty.toString(), "--resume");
        String emptyMessage = err.toString();

        assertThat(missingStatus).isEqualTo(2);
        assertThat(missingMessage).startsWith("--run-dir " + missing + " does not exist, so there is no run to resume; check the path, "
                + "or leave out --resume to start a new run there");
        assertThat(missingMessage).doesNotContain("first validation");
        assertThat(emptyStatus).isEqualTo(2);
        assertThat(emptyMessage).startsWith("--run-dir " + empty + " contains no run to resume (no config.json); check the path, or "
                + "leave out --resume to start a new run there");
        assertThat(missing).doesNotExist();
    }

    @Test
    void checkpointOfAnotherRunIsRejected() throws Exception {
        Path first = folder.resolve("first");
        Path second = folder.resolve("second");
        assertThat(train(first, "--episodes", "2")).isZero();
        assertThat(train(second, "--episodes", "2", "--learner-option", "filters=6")).isZero();
        Files.copy(first.resolve("checkpoint.safetensors"), second.resolve("checkpoint.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        int status = run("fewshot", "train", "--run-dir", second.toString(), "--resume", "--episodes", "4");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("l2l: Checkpoint " + second.resolve("checkpoint.safetensors") + ": was written for conv4 "
                + "{filters=4, blocks=2} [1, 28, 28], 5-way 1-shot, 2 queries, T = 2, first order but " + second.resolve("config.json")
                + " configures conv4 {filters=6, blocks=2}");
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void unknownLearnerOfModelPointsToModulePath() throws Exception {
        Path runDir = folder.resolve("run");
        assertThat(train(runDir, "--episodes", "1")).as("stderr: %s", err).isZero();
        Path model = runDir.resolve("best.safetensors");
        // "conv9" has as many bytes as "conv4", so the header keeps its length.
        String bytes = new String(Files.readAllBytes(model), StandardCharsets.ISO_8859_1);
        Files.write(model, bytes.replace("conv4", "conv9").getBytes(StandardCharsets.ISO_8859_1));

        int status = run("fewshot", "eval", "--model", model.toString(), "--episodes", "1");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("l2l: Checkpoint " + model + ": its learner cannot be built: Unknown learner 'conv9'; "
                + "available learners: [conv4, mlp, softmax].");
        assertThat(err.toString()).endsWith(UnknownLearners.HINT + System.lineSeparator());
    }

    @Test
    void modelOfOtherKindPointsToItsCommand() {
        Path runDir = folder.resolve("run");
        assertThat(train(runDir, "--episodes", "1")).as("stderr: %s", err).isZero();
        Path fewShot = runDir.resolve("best.safetensors");
        Path optimizer = Path.of(System.getProperty("l2l.root"), "docs", "results", "quadratic.safetensors");

        int compareStatus = run("compare", "--checkpoint", fewShot.toString(), "--out", folder.resolve("compare").toString());
        String compareMessage = err.toString();
        err.getBuffer().setLength(0);
        int evalStatus = run("fewshot", "eval", "--model", optimizer.toString(), "-o", folder.resolve("eval.json").toString());
        String evalMessage = err.toString();

        assertThat(compareStatus).isEqualTo(1);
        assertThat(compareMessage).isEqualTo("l2l: Checkpoint " + fewShot + ": is a few-shot model from 'l2l fewshot train', but compare "
                + "--checkpoint takes a learned optimizer from 'l2l train'. Evaluate a few-shot model with 'l2l fewshot eval --model "
                + fewShot + "'" + System.lineSeparator());
        assertThat(evalStatus).isEqualTo(1);
        assertThat(evalMessage).isEqualTo("l2l: Checkpoint " + optimizer + ": is a learned optimizer from 'l2l train', but fewshot eval "
                + "takes a few-shot model from 'l2l fewshot train'. Compare a learned optimizer with tuned baselines with 'l2l compare "
                + "--checkpoint " + optimizer + " --out DIR'" + System.lineSeparator());
    }

    @Test
    void runDirThatIsFileRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("notes.txt"), "keep");

        int fresh = train(file, "--episodes", "1");
        int resumed = run("fewshot", "train", "--run-dir", file.toString(), "--resume");

        assertThat(fresh).isEqualTo(2);
        assertThat(resumed).isEqualTo(2);
        String message = "--run-dir " + file + " is a file, not a folder; choose a folder, which is created if missing";
        assertThat(err.toString().split(java.util.regex.Pattern.quote(message), -1)).as("stderr: %s", err).hasSize(3);
        assertThat(Files.readString(file)).isEqualTo("keep");
    }

    @Test
    void evalOutputThatIsFolderRejectedBeforeWork() throws IOException {
        Path target = Files.createDirectory(folder.resolve("results"));

        // The model does not exist either: the output is checked first, before any work.
        int status = run("fewshot", "eval", "--model", folder.resolve("none.safetensors").toString(), "-o", target.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("l2l: cannot write " + target.toAbsolutePath() + ": it is a folder; give the path of a file");
        assertThat(err.toString()).doesNotContain("file not found");
        assertThat(Files.isDirectory(target)).isTrue();
    }

    @Test
    void requestsLargerThanDataFailClearly() {
        int tooManyWays = train(folder.resolve("a"), "--episodes", "1", "--ways", "30");
        int tooManyShots = train(folder.resolve("b"), "--episodes", "1", "--shots", "19");
        int missingModel = run("fewshot", "eval", "--model", folder.resolve("none.safetensors").toString());

        assertThat(List.of(tooManyWays, tooManyShots, missingModel)).containsOnly(1);
        String messages = err.toString();
        assertThat(messages).contains("fewer than the 30 ways requested; request at most");
        assertThat(messages).contains("has fewer than the 21 images that 19 shots + 2 queries need (the largest has 20)");
        assertThat(messages).contains("l2l: Checkpoint " + folder.resolve("none.safetensors") + ": file not found");
        assertThat(messages).doesNotContain("\tat ");
    }

    @Test
    void invalidSettingsNameTheirOption() {
        Object[][] cases = {
            {new String[] {"--episodes", "-1"}, "--episodes must be at least 0, got -1"},
            {new String[] {"--ways", "1"}, "--ways must be at least 2, got 1"},
            {new String[] {"--shots", "0"}, "--shots must be at least 1, got 0"},
            {new String[] {"--hidden", "0"}, "--hidden must be at least 1, got 0"},
            {new String[] {"--hidden", "23171"}, "--hidden 23171 gives a [4H, H] weight matrix of more values than a Java array holds "
                + "(2147483647); lower --hidden to at most 23170"},
            {new String[] {"--image-size", "0"}, "--image-size must be at least 1, got 0"},
            {new String[] {"--learning-rate", "-0.5"}, "--learning-rate must be a positive number, got -0.5"},
            {new String[] {"--clip-norm", "0"}, "--clip-norm must be a positive number, got 0.0"},
            {new String[] {"--bn-momentum", "1.5"}, "--bn-momentum must be in (0, 1], the weight of each new batch's statistics, got 1.5"},
            {new String[] {"--threads", "0"}, "--threads must be at least 1, got 0"},
            {new String[] {"--threads", "100000"}, "--threads 100000 is more than 256, the most threads the tensor kernels accept"},
        };
        for (Object[] testCase : cases) {
            err.getBuffer().setLength(0);
            Path runDir = folder.resolve("run");

            int status = train(runDir, (String[]) testCase[0]);

            assertThat(status).as("%s", List.of((String[]) testCase[0])).isEqualTo(2);
            assertThat(err.toString()).as("%s", List.of((String[]) testCase[0])).startsWith((String) testCase[1])
                    .doesNotContain("FewShotSetup:", "MetaTrainingConfig:");
            assertThat(runDir).doesNotExist();
        }

        err.getBuffer().setLength(0);
        int evalStatus = run("fewshot", "eval", "--model", folder.resolve("none.safetensors").toString(), "--bn-momentum", "0");

        assertThat(evalStatus).isEqualTo(2);
        assertThat(err.toString()).startsWith("--bn-momentum must be in (0, 1], the weight of each new batch's statistics, got 0.0");
    }

    @Test
    void divergedRunStopsAndKeepsCheckpoint() throws Exception {
        Path runDir = folder.resolve("run");

        // Adam moves every meta-parameter by about the learning rate, so after one step of 1e300 the
        // network's products overflow.
        int status = train(runDir, "--episodes", "6", "--learning-rate", "1e300");

        assertThat(status).as("stdout: %s", out).isEqualTo(1);
        assertThat(err.toString()).contains("l2l: Meta-training diverged at episode ");
        assertThat(err.toString()).contains("overflowed");
        assertThat(err.toString()).contains("Training stopped; the last good checkpoint, " + runDir.resolve("checkpoint.safetensors")
                + ", is kept; lower the learning rate or the clipping norm and start again");
        assertThat(err.toString()).doesNotContain("\tat ");
        Checkpoint lastGood = Checkpoints.read(runDir.resolve("checkpoint.safetensors"), FewShotCheckpoints.KIND);
        assertThat(lastGood.provenance().get("episodes_done")).isEqualTo(0L);
    }
}
