package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.cli.options.VersionProvider;
import l2l.metalearner.coordinatewise.LstmOptimizerCheckpoints;
import l2l.metalearner.coordinatewise.LstmOptimizerConfig;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.metalearner.coordinatewise.MetaTrainer;
import l2l.tensor.TensorRandom;
import l2l.tensor.io.Json;
import picocli.CommandLine;

/** Runs {@code l2l train} and {@code l2l compare} end to end on budgets of seconds. */
class TrainCompareCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static final String[] TINY_TRAINING = {"--iterations", "4", "--unroll", "2", "--horizon", "4", "--validate-every", "1"};

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(file));
    }

    @Test
    void quadraticTrainThenCompare() throws Exception {
        Path run = folder.resolve("run");
        int trained = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems",
            "4", "--seed", "3", "--out", run.toString()}, TINY_TRAINING));

        assertThat(trained).as("train exit status; stderr: %s", err).isZero();
        assertThat(run.resolve("best.safetensors")).isRegularFile();
        assertThat(run.resolve("last.safetensors")).isRegularFile();
        assertThat(Files.readAllLines(run.resolve("training-log.csv"))).hasSize(1 + 3)
                .first().isEqualTo("problems,meta_iterations,mean_meta_loss,validation_loss,validation_loss_at_horizon,best,seconds,"
                        + "mean_imitation_loss");
        Map<String, Object> config = json(run.resolve("config.json"));
        assertThat(config).containsEntry("command", "train").containsEntry("task", Map.of("problem", "quadratic", "dimension", 10L));
        assertThat((Map<String, Object>) config.get("seeds")).containsEntry("seed", 3L);
        assertThat(config.get("l2l_version")).isEqualTo(VersionProvider.projectVersion());
        assertThat(LstmOptimizerCheckpoints.read(run.resolve("best.safetensors")).provenance().get("l2l_version"))
                .isEqualTo(VersionProvider.projectVersion());

        Path results = folder.resolve("compare");
        int compared = run("compare", "--checkpoint", run.resolve("best.safetensors").toString(), "--problems", "5", "--steps", "25",
                "--tuning-problems", "3", "--tuning-steps", "10", "--lr-min", "0.01", "--lr-max", "0.1", "--optimizers", "sgd,adam",
                "--out", results.toString());

        assertThat(compared).as("compare exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("Learning-rate grid (mean loss at step 10, inf = diverged):")
                .containsPattern("(?m)^lr\\s+0.01\\s+0.02\\s+0.05\\s+0.1\\s+chosen$")
                .containsPattern("(?m)^optimizer\\s+lr\\s+mean@20\\s+mean@25$")
                .containsPattern("(?m)^lstm\\s+-\\s+\\S+\\s+\\S+$")
                .containsPattern("(?m)^adam\\s+0\\.\\d+\\s+\\S+\\s+\\S+$");
        List<String> edgeNotes = out.toString().lines().filter(line -> line.startsWith("Note: ")).toList();
        List<String> expectedNotes = new java.util.ArrayList<>();
        for (Map<String, Object> optimizer : (List<Map<String, Object>>) json(results.resolve("results.json")).get("optimizers")) {
            Object rate = optimizer.get("learning_rate");
            if (Double.valueOf(0.1).equals(rate)) {
                expectedNotes.add("Note: " + optimizer.get("name") + "'s learning rate 0.1 is the largest of the grid; raise --lr-max to "
                        + "search beyond it");
            } else if (Double.valueOf(0.01).equals(rate)) {
                expectedNotes.add("Note: " + optimizer.get("name") + "'s learning rate 0.01 is the smallest of the grid; lower --lr-min to "
                        + "search below it");
            }
        }
        assertThat(edgeNotes).containsExactlyElementsOf(expectedNotes);
        List<String> curves = Files.readAllLines(results.resolve("curves.csv"));
        assertThat(curves).hasSize(1 + 26).first().isEqualTo("step,lstm_mean,lstm_median,sgd_mean,sgd_median,adam_mean,adam_median");
        assertThat(results.resolve("loss-curves.png")).isRegularFile();
        assertThat(Files.readAllBytes(results.resolve("loss-curves.png"))).startsWith(0x89, 'P', 'N', 'G');

        Map<String, Object> result = json(results.resolve("results.json"));
        assertThat(result).containsEntry("format", "l2l-compare").containsEntry("steps", 25L).containsEntry("test_problems", 5L);
        List<Map<String, Object>> optimizers = (List<Map<String, Object>>) result.get("optimizers");
        assertThat(optimizers).extracting(o -> o.get("name")).containsExactly("lstm", "sgd", "adam");
        assertThat(optimizers.get(0)).containsEntry("learning_rate", null);
        assertThat((List<Object>) optimizers.get(1).get("mean_loss")).hasSize(26);
        assertThat((List<Object>) optimizers.get(2).get("tuning")).hasSize(4);
        double chosen = ((Number) optimizers.get(2).get("learning_rate")).doubleValue();
        assertThat(chosen).isIn(0.01, 0.02, 0.05, 0.1);
        assertThat(curves.get(25).split(",")[5]).isEqualTo(Double.toString(((Number) ((List<Object>) optimizers.get(2).get("mean_loss"))
                .get(24)).doubleValue()));
        assertThat(out.toString()).contains("Wrote " + results.resolve("curves.csv")).doesNotContain("Replaced the earlier results");

        int again = run("compare", "--checkpoint", run.resolve("best.safetensors").toString(), "--problems", "2", "--steps", "5",
                "--tuning-problems", "2", "--tuning-steps", "5", "--lr-min", "0.1", "--lr-max", "0.1", "--optimizers", "sgd",
                "--out", results.toString());

        assertThat(again).as("second compare exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("Replaced the earlier results: wrote " + results.resolve("curves.csv"));
    }

    @Test
    void runWithoutImprovementSaysSo() {
        String[] base = {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems", "2"};
        // A meta-learning rate of 1e6 sends every validation after the first far above it.
        int status = run(concat(concat(base, TINY_TRAINING), new String[] {"--meta-lr", "1e6", "--out", folder.resolve("high").toString()}));

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains(" after 0 meta-iterations: ")
                .contains("Note: no validation improved on the starting weights, so best.safetensors contains them. Try a --meta-lr "
                        + "lower than 1000000.0, or more --iterations.");
    }

    @Test
    void existingRunKeptUnlessOverwrite() throws IOException {
        String[] base = {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems", "2"};
        String[] runA = concat(concat(base, TINY_TRAINING), new String[] {"--out", folder.resolve("a").toString(), "--seed", "1"});
        String[] runB = concat(concat(base, TINY_TRAINING), new String[] {"--out", folder.resolve("a").toString(), "--seed", "2"});
        assertThat(run(runA)).isZero();
        byte[] first = Files.readAllBytes(folder.resolve("a/last.safetensors"));

        int rejected = run(runB);
        byte[] afterRejection = Files.readAllBytes(folder.resolve("a/last.safetensors"));
        Files.createDirectory(folder.resolve("a/compare"));
        int replaced = run(concat(runB, new String[] {"--overwrite"}));

        assertThat(rejected).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + folder.resolve("a") + " already contains a run (config.json); "
                + "choose another folder, or pass --overwrite to replace that run");
        assertThat(afterRejection).isEqualTo(first);
        assertThat(replaced).isZero();
        assertThat(Files.readAllBytes(folder.resolve("a/last.safetensors"))).isNotEqualTo(first);
        assertThat(out.toString()).containsOnlyOnce("Note: --out " + folder.resolve("a") + " also contains compare from before; "
                + "--overwrite replaces only the run's own files, so these may describe the replaced run.");
    }

    @Test
    void loneCheckpointKeptUnlessOverwrite() throws IOException {
        String[] base = concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems",
            "2"}, TINY_TRAINING);
        assertThat(run(concat(base, new String[] {"--out", folder.resolve("a").toString()}))).isZero();
        Path loneCheckpointFolder = Files.createDirectory(folder.resolve("lone"));
        Files.copy(folder.resolve("a/last.safetensors"), loneCheckpointFolder.resolve("last.safetensors"));
        byte[] before = Files.readAllBytes(loneCheckpointFolder.resolve("last.safetensors"));

        int status = run(concat(base, new String[] {"--out", loneCheckpointFolder.toString(), "--seed", "5"}));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + loneCheckpointFolder + " already contains a run (last.safetensors); choose another "
                + "folder, or pass --overwrite to replace that run");
        assertThat(Files.readAllBytes(loneCheckpointFolder.resolve("last.safetensors"))).isEqualTo(before);
    }

    @Test
    void emptyOutputFolderRejected() {
        int train = run(concat(new String[] {"train", "--problem", "quadratic", "--out", ""}, TINY_TRAINING));
        int compare = run("compare", "--checkpoint", "x.safetensors", "--out", "");

        assertThat(train).isEqualTo(2);
        assertThat(compare).isEqualTo(2);
        assertThat(err.toString()).contains("--out is empty; give the folder that receives the output, such as --out runs/first")
                .doesNotContain("\tat ");
    }

    @Test
    void sameSeedGivesIdenticalCheckpoints() throws IOException {
        String[] base = {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems", "2", "--seed", "9"};
        int first = run(concat(concat(base, TINY_TRAINING), new String[] {"--out", folder.resolve("a").toString()}));
        int second = run(concat(concat(base, TINY_TRAINING), new String[] {"--out", folder.resolve("b").toString()}));

        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(Files.readAllBytes(folder.resolve("b/last.safetensors"))).isEqualTo(Files.readAllBytes(folder.resolve("a/last.safetensors")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void initStartsFromCheckpoint() throws Exception {
        String[] base = {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems", "2"};
        int first = run(concat(concat(base, TINY_TRAINING), new String[] {"--hidden", "5", "--out", folder.resolve("a").toString()}));
        Path start = folder.resolve("a/last.safetensors");

        int second = run(concat(concat(base, TINY_TRAINING), new String[] {"--init", start.toString(), "--out",
            folder.resolve("b").toString()}));

        assertThat(first).isZero();
        assertThat(second).as("stderr: %s", err).isZero();
        LstmOptimizerCheckpoints.Saved continued = LstmOptimizerCheckpoints.read(folder.resolve("b/last.safetensors"));
        assertThat(continued.weights().config().hiddenSize()).isEqualTo(5);
        assertThat(continued.weights()).isNotEqualTo(LstmOptimizerCheckpoints.read(start).weights());
        assertThat((Map<String, Object>) continued.provenance().get("initialized_from")).containsEntry("checkpoint", start.toString());
        assertThat(json(folder.resolve("b/config.json"))).containsEntry("initialized_from", start.toString());
    }

    @Test
    void mnistMlpTrainThenCompare() throws Exception {
        Path run = folder.resolve("mnist");
        int trained = run("train", "--learner", "mlp", "--dataset", "mnist", "--iterations", "2", "--unroll", "2", "--horizon", "2",
                "--validation-problems", "1", "--out", run.toString());

        assertThat(trained).as("train exit status; stderr: %s", err).isZero();
        assertThat(LstmOptimizerCheckpoints.read(run.resolve("best.safetensors")).provenance())
                .containsEntry("task", Map.of("learner", "mlp", "learner_options", Map.of(), "dataset", "mnist", "batch_size", 128L));

        int compared = run("compare", "--checkpoint", run.resolve("best.safetensors").toString(), "--problems", "2", "--steps", "3",
                "--tuning-problems", "1", "--tuning-steps", "2", "--lr-min", "0.5", "--lr-max", "1", "--optimizers", "nag",
                "--out", folder.resolve("compare").toString());

        assertThat(compared).as("compare exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("mean loss on the whole training set at step 2").contains("test acc@3");
    }

    @Test
    void nonFiniteLossExitsWithStepAndProblem() throws IOException {
        Path run = folder.resolve("run");
        // The log goes to System.err, which slf4j-simple looks up at every message.
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream standardError = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems",
                "2", "--output-scale", "1e200", "--out", run.toString()}, TINY_TRAINING));
        } finally {
            System.setErr(standardError);
        }

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("WARN MetaTrainingLog - validation loss before training Infinity: "
                + "the starting weights diverge on the validation problems. Training goes on");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: Meta-training stopped at meta-iteration 1: on training problem 1 (seed ")
                .contains("overflowed")
                .contains("The checkpoints in " + run + " are kept, but no validation so far had a finite loss (best Infinity)")
                .contains("a smaller output scale").doesNotContain("\tat ");
        assertThat(run.resolve("best.safetensors")).isRegularFile();
    }

    @Test
    void nonFiniteWeightsStopWithCheckpointsKept() throws IOException {
        Path run = folder.resolve("run");
        int status = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems", "2",
            "--meta-lr", "1e308", "--out", run.toString()}, TINY_TRAINING));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: Meta-training stopped at meta-iteration 1: on training problem 1 (seed ")
                .contains("the meta-update at meta-learning rate 1.0000e+308 made the optimizer's weights NaN or infinite")
                .contains("The last good checkpoints are kept: " + run.resolve("best.safetensors"))
                .contains("Try a lower meta-learning rate").doesNotContain("\tat ");
        assertThat(run.resolve("best.safetensors")).isRegularFile();
        assertThat(run.resolve("last.safetensors")).isRegularFile();
    }

    @Test
    void overflowingMetaGradientStopsUnlessClipped() throws IOException {
        String[] diverging = {"train", "--problem", "quadratic", "--problems-per-iteration", "4", "--validation-problems", "2",
            "--meta-lr", "1", "--output-scale", "1e100", "--seed", "0"};
        Path run = folder.resolve("run");
        int status = run(concat(diverging, concat(TINY_TRAINING, new String[] {"--out", run.toString()})));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: Meta-training stopped at meta-iteration 1: on training problem 1 (seed ")
                .containsPattern("the meta-gradient has an entry of magnitude \\d\\.\\d{4}e\\+\\d{3}, whose square overflows a double in "
                        + "Adam's running average")
                .contains("The last good checkpoints are kept: " + run.resolve("best.safetensors")).doesNotContain("\tat ");

        int clipped = run(concat(diverging, concat(TINY_TRAINING, new String[] {"--clip-norm", "1", "--out",
            folder.resolve("clipped").toString()})));

        assertThat(clipped).as("stderr: %s", err).isZero();
    }

    @Test
    void wrongArchitectureCheckpointRejected() throws IOException {
        Path file = folder.resolve("other.safetensors");
        LstmOptimizerCheckpoints.write(file, LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(1)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\\\"hidden\\\":20", "\\\"hidden\\\":30");
        Files.write(file, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        int status = run("compare", "--checkpoint", file.toString(), "--problem", "quadratic", "--out", folder.resolve("c").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("l2l: Checkpoint " + file + ": tensor 'lstm0.weight_ih' has shape [80, 2] but the configuration "
                + "needs [120, 2]; l2l writes the configuration and the tensors together, so the file was edited or damaged, or "
                + "another program wrote it. Use the original file or another checkpoint of the run, or train again"
                + System.lineSeparator());
    }

    @Test
    void unknownLearnerOfCheckpointPointsToModulePath() throws IOException {
        Path file = folder.resolve("rnn.safetensors");
        Map<String, Object> task = Map.of("learner", "rnn", "learner_options", Map.of(), "dataset", "mnist", "batch_size", 128);
        LstmOptimizerCheckpoints.write(file, LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(1)),
                Map.of("task", task));

        int status = run("compare", "--checkpoint", file.toString(), "--out", folder.resolve("c").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: Checkpoint " + file + ": its learner cannot be built: Unknown learner 'rnn'; "
                + "available learners: [conv4, mlp, softmax].");
        assertThat(err.toString()).endsWith(UnknownLearners.HINT + System.lineSeparator());
        assertThat(UnknownLearners.HINT).contains("L2L_MODULE_PATH").contains("docs/custom-learner.md").contains("'l2l learners'");
    }

    @Test
    void outThatIsFileRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("results.json"), "{}");
        Path inside = file.resolve("compare");
        String[][] commands = {
            {"train", "--problem", "quadratic", "--out"},
            {"compare", "--checkpoint", folder.resolve("absent.safetensors").toString(), "--out"},
        };
        for (String[] command : commands) {
            StringWriter errors = new StringWriter();

            int onFile = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(errors, true),
                    concat(command, new String[] {file.toString()}));
            int insideFile = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(errors, true),
                    concat(command, new String[] {inside.toString()}));

            assertThat(onFile).as(command[0]).isEqualTo(2);
            assertThat(insideFile).as(command[0]).isEqualTo(2);
            assertThat(errors.toString()).as(command[0])
                    .contains("--out " + file + " is a file, not a folder; choose a folder, which is created if missing")
                    .contains("--out " + inside + " is inside " + file + ", which is a file, not a folder; choose a folder, which is "
                            + "created if missing");
        }
        assertThat(Files.readString(file)).isEqualTo("{}");
    }

    @Test
    void missingCheckpointRejected() {
        Path file = folder.resolve("absent.safetensors");

        int status = run("compare", "--checkpoint", file.toString(), "--out", folder.resolve("c").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: Checkpoint " + file + ": file not found");
    }

    @Test
    void firstLineCountsInSingularAndPlural() {
        int status = run("train", "--problem", "quadratic", "--dimension", "2", "--iterations", "1", "--unroll", "1", "--horizon", "1",
                "--problems-per-iteration", "1", "--validation-problems", "2", "--validation-horizon", "3", "--out",
                folder.resolve("r").toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 meta-iteration of 1 step, 1 problem each, a fresh problem every 1 step, validation on "
                + "2 problems for 3 steps; run folder ");
    }

    @Test
    void folderNamedLikeCheckpointRejected() throws IOException {
        Path run = Files.createDirectories(folder.resolve("r").resolve("best.safetensors")).getParent();

        int status = run("train", "--problem", "quadratic", "--iterations", "1", "--overwrite", "--out", run.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--out " + run + " contains a folder named best.safetensors, where the run writes a "
                + "file; rename or remove that folder, or choose another --out");
        assertThat(run.resolve("config.json")).doesNotExist();
    }

    @Test
    void learnerTooLargeNamesLearnerOption() {
        int status = run("train", "--learner", "mlp", "--dataset", "mnist", "--learner-option", "width=100000000", "--out",
                folder.resolve("r").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("The learner mlp is too large to build: Shape [100000000, 784] has more than")
                .contains("; lower its sizes in --learner-option, such as width").doesNotContain("\tat ");
        assertThat(folder.resolve("r")).doesNotExist();
    }

    @Test
    void missingDataFolderRejected() {
        Path missing = folder.resolve("no-such-folder");

        int status = run("train", "--learner", "mlp", "--dataset", "mnist", "--data-dir", missing.toString(), "--out",
                folder.resolve("r").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("l2l: " + missing + ": data folder not found; check the path, or leave it out to use "
                + "the bundled datasets" + System.lineSeparator());
    }

    @Test
    void corruptIdxRejected() throws IOException {
        Path dataset = Files.createDirectories(folder.resolve("data").resolve("broken"));
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte"}) {
            Files.write(dataset.resolve(name), new byte[] {0, 0, 8, 3, 0, 0, 0, 9});
        }

        int status = run("train", "--learner", "mlp", "--dataset", "broken", "--data-dir", folder.resolve("data").toString(), "--out",
                folder.resolve("r").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: " + dataset.resolve("train-images-idx3-ubyte")).doesNotContain("\tat ");
    }

    @Test
    @SuppressWarnings("unchecked")
    void logMetaLossRecordedInConfigAndCheckpoints() throws Exception {
        Path run = folder.resolve("log");
        int trained = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems",
            "4", "--meta-loss", "log", "--out", run.toString()}, TINY_TRAINING));

        assertThat(trained).as("train exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).containsPattern("Best validation log-loss -?\\d");
        Map<String, Object> training = (Map<String, Object>) json(run.resolve("config.json")).get("training");
        assertThat(training).containsEntry("meta_loss", "log")
                .containsEntry("validation_metric", "mean over steps 1..4 of the log of the mean loss over the validation problems");
        assertThat(LstmOptimizerCheckpoints.read(run.resolve("best.safetensors")).provenance()).containsEntry("meta_loss", "log");
    }

    @Test
    @SuppressWarnings("unchecked")
    void validationHorizonRecordedInRunFiles() throws Exception {
        Path run = folder.resolve("long-validation");
        int trained = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems",
            "4", "--validation-horizon", "9", "--out", run.toString()}, TINY_TRAINING));

        assertThat(trained).as("train exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("a fresh problem every 4 steps, validation on 4 problems for 9 steps; run folder " + run);
        Map<String, Object> training = (Map<String, Object>) json(run.resolve("config.json")).get("training");
        assertThat(training).containsEntry("horizon", 4L).containsEntry("validation_horizon", 9L)
                .containsEntry("validation_metric", "mean loss over the validation problems and steps 1..9");
        assertThat(LstmOptimizerCheckpoints.read(run.resolve("best.safetensors")).provenance()).containsEntry("validation_horizon", 9L);
        List<String> rows = Files.readAllLines(run.resolve("training-log.csv"));
        LstmOptimizerCheckpoints.Saved last = LstmOptimizerCheckpoints.read(run.resolve("last.safetensors"));
        double lastLoss = Double.parseDouble(rows.get(rows.size() - 1).split(",")[3]);
        assertThat(lastLoss).isEqualTo(((Number) last.provenance().get("validation_loss")).doubleValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void validateAgainstRecordedInRunFiles() throws Exception {
        Path run = folder.resolve("against-nag");
        int trained = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems",
            "4", "--validation-horizon", "9", "--validate-against", "sgd:0.01", "--validation-steps", "9,2,9", "--out", run.toString()},
                TINY_TRAINING));

        assertThat(trained).as("train exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).containsPattern("Validation score: the largest ratio of the LSTM's mean loss to that of sgd with "
                + "learning rate 0.01 at steps 2 and 9, where sgd's are \\d+\\.?\\d*, \\d+\\.?\\d*; below 1 is ahead of it at every one of them.")
                .containsPattern("Best validation ratio to sgd:0.01 \\d");
        Map<String, Object> training = (Map<String, Object>) json(run.resolve("config.json")).get("training");
        Map<String, Object> against = (Map<String, Object>) training.get("validate_against");
        assertThat(against).containsEntry("optimizer", "sgd").containsEntry("learning_rate", 0.01).containsEntry("steps", List.of(2L, 9L));
        List<Double> baselineLosses = ((List<Number>) against.get("baseline_losses")).stream().map(Number::doubleValue).toList();
        assertThat(baselineLosses).hasSize(2);
        assertThat(baselineLosses.get(1)).isPositive().isLessThan(baselineLosses.get(0));
        assertThat(training).containsEntry("validation_metric", "largest ratio of the mean loss over the validation problems to that of "
                + "sgd:0.01 at steps 2, 9");
        LstmOptimizerCheckpoints.Saved best = LstmOptimizerCheckpoints.read(run.resolve("best.safetensors"));
        assertThat(best.provenance()).containsEntry("validated_against", against);
        double ratio = ((Number) best.provenance().get("best_validation_loss")).doubleValue();
        assertThat(ratio).isPositive().isNotEqualTo(1.0);
        List<String> rows = Files.readAllLines(run.resolve("training-log.csv"));
        assertThat(rows.get(0)).endsWith(",mean_imitation_loss,ratio_at_step_2,ratio_at_step_9");
        assertThat(rows).hasSize(1 + 3);
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            assertThat(cells).hasSize(10);
            assertThat(Double.parseDouble(cells[3])).isEqualTo(Math.max(Double.parseDouble(cells[8]), Double.parseDouble(cells[9])));
        }
    }

    @Test
    void baselineThatDoesNotOptimizeRejected() throws Exception {
        Path run = folder.resolve("exploding-baseline");

        int status = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems",
            "4", "--validate-against", "sgd:1e10", "--validation-steps", "2", "--out", run.toString()}, TINY_TRAINING));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).containsPattern("--validate-against sgd:1e10: Validation against sgd:1.0E10: its mean validation loss at "
                + "step 2 is \\S+, above the \\S+ it starts from, so at this learning rate it does not optimize these problems");
        assertThat(err.toString()).contains("give a learning rate tuned on the problem family (l2l compare prints one)");
        assertThat(run.resolve("config.json")).doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void validationStepsDefaultToReportSteps() throws Exception {
        Path run = folder.resolve("default-steps");
        int trained = run(concat(new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems",
            "4", "--validation-horizon", "120", "--validate-against", "nag:0.01", "--out", run.toString()}, TINY_TRAINING));

        assertThat(trained).as("train exit status; stderr: %s", err).isZero();
        Map<String, Object> against = (Map<String, Object>) LstmOptimizerCheckpoints.read(run.resolve("best.safetensors")).provenance()
                .get("validated_against");
        assertThat(against).containsEntry("steps", List.of(20L, 100L));
    }

    @Test
    void compareRejectsProblemsTooLarge() {
        Path results = folder.resolve("too-large");
        int status = run("compare", "--checkpoint", "../docs/results/quadratic.safetensors", "--dimension", "50000", "--problems", "1",
                "--tuning-problems", "1", "--optimizers", "sgd", "--out", results.toString());

        assertThat(status).as("stderr: %s", err).isEqualTo(2);
        assertThat(err.toString()).startsWith("The problems are too large to build: Shape [1, 50000, 50000] has more than")
                .contains("; lower --dimension, --problems or --tuning-problems").doesNotContain("\tat ");
        assertThat(results).doesNotExist();
    }

    @Test
    void compactRatesStayShort() {
        assertThat(CompareCommand.compact(0.02)).isEqualTo("0.02");
        assertThat(CompareCommand.compact(1e-4)).isEqualTo("0.0001");
        assertThat(CompareCommand.compact(5)).isEqualTo("5");
        assertThat(CompareCommand.compact(2e-12)).isEqualTo("2e-12");
        assertThat(CompareCommand.compact(1e7)).isEqualTo("1e7");
    }

    @Test
    void invalidCountsAndNamesRejected() {
        String out = folder.resolve("r").toString();
        Object[][] cases = {
            {new String[] {"train", "--problem", "quadratic", "--iterations", "0", "--out", out}, "--iterations must be at least 1, got 0"},
            {new String[] {"train", "--problem", "quadratic", "--horizon", "-5", "--out", out}, "--horizon must be at least 1, got -5"},
            {new String[] {"train", "--learner", "cnn9", "--dataset", "mnist", "--out", out}, "Unknown learner 'cnn9'"},
            {new String[] {"train", "--learner", "cnn9", "--dataset", "mnist", "--out", out}, UnknownLearners.HINT},
            {new String[] {"train", "--problem", "cubic", "--out", out}, "Unknown problem 'cubic'"},
            {new String[] {"train", "--problem", "quadratic", "--meta-loss", "mean", "--out", out}, "Unknown meta-loss 'mean'; use sum or log"},
            {new String[] {"train", "--learner", "mlp", "--dataset", "mnist", "--batch-size", "9000", "--out", out},
                "--batch-size 9000 is larger than the 8000 training images of mnist-10k; give at most 8000"},
            {new String[] {"train", "--out", out}, "Choose a problem family: --problem quadratic, or --learner mlp --dataset mnist"},
            {new String[] {"train", "--learner", "mlp", "--out", out}, "--learner mlp needs --dataset, the data it trains on, such as "
                + "--dataset mnist; 'l2l datasets' lists them"},
            {new String[] {"train", "--dataset", "mnist", "--out", out}, "--dataset mnist needs --learner, the "
                + "model trained on it, such as --learner mlp; 'l2l learners' lists them"},
            {new String[] {"train", "--problem", "quadratic", "--learner-option", "width=3", "--out", out}, "--learner-option applies to "
                + "a learner (--learner with --dataset), but the problem family is quadratic; leave it out"},
            {new String[] {"train", "--problem", "quadratic", "--batch-size", "5", "--out", out}, "--batch-size applies to a learner"},
            {new String[] {"train", "--problem", "cubic", "--batch-size", "5", "--out", out}, "Unknown problem 'cubic'"},
            {new String[] {"train", "--learner", "mlp", "--dataset", "mnist", "--validation-problems", "200000", "--out", out},
                "The problems or the optimizer are too large to build: Shape [200000, 15910] has more than 2147483639 elements"},
            {new String[] {"train", "--learner", "mlp", "--dataset", "mnist", "--dimension", "5", "--out", out}, "--dimension applies to "
                + "--problem quadratic, not to --learner mlp; leave it out, and set the learner's sizes with --learner-option"},
            {new String[] {"train", "--problem", "quadratic", "--init", "x.safetensors", "--hidden", "30", "--out", out}, "--hidden cannot "
                + "change the optimizer of --init x.safetensors, whose checkpoint fixes its architecture and input and output settings; "
                + "leave --hidden out"},
            {new String[] {"train", "--problem", "quadratic", "--init", "x.safetensors", "--no-preprocessing", "--out", out},
                "--no-preprocessing cannot change the optimizer of --init x.safetensors"},
            {new String[] {"train", "--problem", "quadratic", "--problems-per-iteration", "300000000", "--validation-problems", "1",
                "--out", out}, "The problems or the optimizer are too large to build: Shape [300000000, 10, 10] has more than"},
            {new String[] {"compare", "--checkpoint", "x", "--steps", "0", "--out", out}, "--steps must be at least 1, got 0"},
            {new String[] {"train", "--problem", "quadratic", "--validation-horizon", "0", "--out", out},
                "--validation-horizon must be at least 1, got 0"},
            {new String[] {"train", "--problem", "quadratic", "--validation-horizon", "100000001", "--out", out},
                "--validation-horizon 100000001 is more than 100000000, the most steps l2l runs on one problem; give a smaller "
                    + "--validation-horizon"},
            {new String[] {"train", "--problem", "quadratic", "--unroll", "2147483647", "--horizon", "2147483647", "--out", out},
                "--horizon 2147483647 is more than 100000000, the most steps l2l runs on one problem; give a smaller --horizon"},
            {new String[] {"compare", "--checkpoint", "x", "--steps", "2147483647", "--out", out},
                "--steps 2147483647 is more than 100000000, the most steps l2l runs on one problem; give a smaller --steps"},
            {new String[] {"compare", "--checkpoint", "x", "--tuning-steps", "100000001", "--out", out},
                "--tuning-steps 100000001 is more than 100000000"},
            {new String[] {"compare", "--checkpoint", "x", "--optimizers", "lion", "--out", out}, "Unknown optimizer 'lion'"},
            {new String[] {"compare", "--checkpoint", "x", "--lr-min", "1e-300", "--lr-max", "1e300", "--out", out},
                "--lr-min 1e-300 to --lr-max 1e300 gives 1801 learning rates, and each baseline is tuned with every one; narrow the "
                    + "range to at most 60 rates (20 powers of ten)"},
            {new String[] {"compare", "--checkpoint", "x", "--optimizers", "sgd,adam,sgd", "--out", out},
                "--optimizers names sgd more than once; list each optimizer once"},
            {new String[] {"compare", "--checkpoint", "x", "--optimizers", ",", "--out", out},
                "--optimizers names no optimizer; name at least one of [sgd, momentum, nag, rmsprop, adam], separated by commas"},
            {new String[] {"compare", "--checkpoint", "x", "--optimizers", "sgd,,nag", "--out", out},
                "--optimizers has an empty name (two commas in a row, or a comma at either end); separate names of [sgd, momentum, "
                    + "nag, rmsprop, adam] by single commas"},
        };
        for (Object[] testCase : cases) {
            StringWriter errors = new StringWriter();
            int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(errors, true), (String[]) testCase[0]);

            assertThat(status).as("%s", List.of((String[]) testCase[0])).isEqualTo(2);
            assertThat(errors.toString()).as("%s", List.of((String[]) testCase[0])).contains((String) testCase[1]).doesNotContain("\tat ");
            assertThat(folder.resolve("r")).as("run folder after %s", List.of((String[]) testCase[0])).doesNotExist();
        }
    }

    @Test
    void invalidRatesNameTheirOption() {
        String out = folder.resolve("r").toString();
        Object[][] cases = {
            {new String[] {"train", "--problem", "quadratic", "--horizon", "5", "--unroll", "10", "--out", out},
                "--horizon 5 is shorter than --unroll 10; a training problem must last at least one unroll, so raise --horizon or "
                    + "lower --unroll"},
            {new String[] {"train", "--problem", "quadratic", "--meta-lr", "0", "--out", out}, "--meta-lr must be a positive number, got 0.0"},
            {new String[] {"train", "--problem", "quadratic", "--meta-lr", "1e-3", "--final-meta-lr", "1e-2", "--out", out},
                "--final-meta-lr 0.01 is larger than --meta-lr 0.001, but the rate follows a cosine down from --meta-lr to "
                    + "--final-meta-lr; give a --final-meta-lr of at most 0.001, or leave it out for a constant rate"},
            {new String[] {"train", "--problem", "quadratic", "--clip-norm", "-1", "--out", out},
                "--clip-norm must be 0 (no clipping) or a positive number, got -1.0"},
            {new String[] {"train", "--problem", "quadratic", "--p", "0", "--out", out}, "--p must be a positive number, got 0.0"},
            {new String[] {"train", "--problem", "quadratic", "--no-preprocessing", "--p", "5", "--out", out},
                "--p 5.0 sets the gradient preprocessing, which --no-preprocessing turns off; leave one of them out"},
            {new String[] {"train", "--problem", "quadratic", "--imitate", "nag", "--out", out},
                "--imitate nag must be a teacher and its learning rate, such as nag:1; the teachers are [sgd, momentum, nag, rmsprop, adam]"},
            {new String[] {"train", "--problem", "quadratic", "--imitate", "lbfgs:1", "--out", out},
                "--imitate lbfgs:1: unknown teacher 'lbfgs'; use one of [sgd, momentum, nag, rmsprop, adam]"},
            {new String[] {"train", "--problem", "quadratic", "--imitate", "nag:fast", "--out", out},
                "--imitate nag:fast: the teacher's learning rate 'fast' is not a positive finite number; give one after the colon, such as nag:1"},
            {new String[] {"train", "--problem", "quadratic", "--imitate", "nag:-1", "--out", out},
                "--imitate nag:-1: the teacher's learning rate '-1' is not a positive finite number"},
            {new String[] {"train", "--problem", "quadratic", "--imitate", "nag:1d", "--out", out},
                "--imitate nag:1d: the teacher's learning rate '1d' is not a positive finite number"},
            {new String[] {"train", "--problem", "quadratic", "--imitate", "nag: 1", "--out", out},
                "--imitate nag: 1: the teacher's learning rate ' 1' is not a positive finite number"},
            {new String[] {"train", "--problem", "quadratic", "--validate-against", "", "--out", out},
                "--validate-against is empty; give a baseline and its learning rate, such as nag:1"},
            {new String[] {"train", "--problem", "quadratic", "--imitate", "nag:1", "--imitate-every", "0", "--out", out},
                "--imitate-every must be at least 1, got 0"},
            {new String[] {"train", "--problem", "quadratic", "--imitate-every", "3", "--out", out},
                "--imitate-every applies with --imitate, which names the teacher; add --imitate, such as --imitate nag:1, or leave "
                    + "--imitate-every out"},
            {new String[] {"train", "--problem", "quadratic", "--validate-against", "nag", "--out", out},
                "--validate-against nag must be a baseline and its learning rate, such as nag:1; the baselines are [sgd, momentum, nag, "
                    + "rmsprop, adam]"},
            {new String[] {"train", "--problem", "quadratic", "--validate-against", "nag:0", "--out", out},
                "--validate-against nag:0: the baseline's learning rate '0' is not a positive finite number; give one after the colon, such as "
                    + "nag:1"},
            {new String[] {"train", "--problem", "quadratic", "--validation-steps", "20", "--out", out},
                "--validation-steps applies with --validate-against, which names the optimizer to compare with; add --validate-against, "
                    + "such as --validate-against nag:1, or leave --validation-steps out"},
            {new String[] {"train", "--problem", "quadratic", "--validate-against", "nag:1", "--validation-steps", "20,150", "--out", out},
                "--validation-steps 150 is beyond the validation horizon of 100 steps; give steps up to 100, or raise --validation-horizon"},
            {new String[] {"train", "--problem", "quadratic", "--validate-against", "nag:1", "--validation-steps", "0", "--out", out},
                "--validation-steps 0 is not a step; give steps from 1 to the validation horizon, 100"},
            {new String[] {"train", "--problem", "quadratic", "--ema-decay", "1", "--out", out},
                "--ema-decay must be at least 0 (no average) and below 1, got 1.0; 0.9 to 0.99 are usual values"},
            {new String[] {"train", "--problem", "quadratic", "--output-scale", "1e309", "--out", out},
                "--output-scale must be a positive number below about 1.8e308, the largest double, got one too large for a double"},
            {new String[] {"train", "--problem", "quadratic", "--hidden", "0", "--out", out}, "--hidden must be at least 1, got 0"},
            {new String[] {"train", "--problem", "quadratic", "--hidden", "2147483647", "--out", out},
                "--hidden 2147483647 gives a [4H, H] weight matrix of more values than a Java array holds (2147483647); lower "
                    + "--hidden to at most 23170"},
            {new String[] {"compare", "--checkpoint", "x", "--lr-min", "2", "--lr-max", "1", "--out", out},
                "--lr-min 2.0 is larger than --lr-max 1.0; give the smallest learning rate of the grid with --lr-min and the largest "
                    + "with --lr-max"},
            {new String[] {"compare", "--checkpoint", "x", "--lr-min", "0", "--out", out}, "--lr-min must be a positive number, got 0.0"},
        };
        for (Object[] testCase : cases) {
            StringWriter errors = new StringWriter();
            int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(errors, true), (String[]) testCase[0]);

            assertThat(status).as("%s", List.of((String[]) testCase[0])).isEqualTo(2);
            assertThat(errors.toString()).as("%s", List.of((String[]) testCase[0])).startsWith((String) testCase[1])
                    .doesNotContain("Meta-training:", "LSTM optimizer:", "Learning-rate grid:");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void imitationIsRecordedInConfigAndLog() throws Exception {
        Path run = folder.resolve("run");
        int trained = run("train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems", "4", "--imitate",
                "nag:0.01", "--imitate-every", "2", "--iterations", "8", "--unroll", "2", "--horizon", "4", "--validate-every", "2",
                "--out", run.toString());

        assertThat(trained).as("train exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("Imitation: nag with learning rate 0.01 moves the parameters of every 2nd training problem, "
                + "and the LSTM learns to propose its updates there.");
        Map<String, Object> training = (Map<String, Object>) json(run.resolve("config.json")).get("training");
        assertThat(training.get("imitation")).isEqualTo(Map.of("teacher", "nag", "learning_rate", 0.01, "every_problems", 2L));
        assertThat(training.get("ema_decay")).isEqualTo(0.0);
        String config = Files.readString(run.resolve("config.json"));
        assertThat(config.indexOf("\"teacher\"")).isLessThan(config.indexOf("\"learning_rate\"", config.indexOf("\"teacher\"")));
        assertThat(config.indexOf("\"learning_rate\"", config.indexOf("\"teacher\""))).isLessThan(config.indexOf("\"every_problems\""));
        List<String> log = Files.readAllLines(run.resolve("training-log.csv"));
        // Problems 1 and 3 train on the meta-loss, 2 and 4 imitate: each validation row after the
        // first covers one of each.
        assertThat(log).hasSize(1 + 3);
        for (String row : log.subList(2, log.size())) {
            String[] fields = row.split(",", -1);
            assertThat(Double.parseDouble(fields[2])).as(row).isPositive();
            assertThat(Double.parseDouble(fields[7])).as(row).isPositive();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void emaDecayChangesSavedWeights() throws Exception {
        Path plain = folder.resolve("plain");
        Path averaged = folder.resolve("averaged");
        String[] common = {"train", "--problem", "quadratic", "--problems-per-iteration", "8", "--validation-problems", "4", "--iterations",
            "6", "--unroll", "2", "--horizon", "4", "--validate-every", "3"};
        assertThat(run(concat(common, new String[] {"--out", plain.toString()}))).as("stderr: %s", err).isZero();
        assertThat(run(concat(common, new String[] {"--ema-decay", "0.5", "--out", averaged.toString()}))).as("stderr: %s", err).isZero();

        assertThat(out.toString()).contains("Validation and checkpoints take the moving average of the weights with decay 0.5, about the "
                + "last 2 meta-iterations.\n");
        Map<String, Object> training = (Map<String, Object>) json(averaged.resolve("config.json")).get("training");
        assertThat(training.get("ema_decay")).isEqualTo(0.5);
        LstmOptimizerCheckpoints.Saved last = LstmOptimizerCheckpoints.read(averaged.resolve("last.safetensors"));
        assertThat(last.provenance()).containsEntry("ema_decay", 0.5);
        // The first validation sees the same initial weights; later ones see the average, not the latest weights.
        List<String> plainLog = Files.readAllLines(plain.resolve("training-log.csv"));
        List<String> averagedLog = Files.readAllLines(averaged.resolve("training-log.csv"));
        assertThat(averagedLog.get(1).split(",")[3]).isEqualTo(plainLog.get(1).split(",")[3]);
        assertThat(averagedLog.get(2).split(",")[3]).isNotEqualTo(plainLog.get(2).split(",")[3]);
        assertThat(last.weights()).isNotEqualTo(LstmOptimizerCheckpoints.read(plain.resolve("last.safetensors")).weights());
    }

    @Test
    @SuppressWarnings("unchecked")
    void validationSeedFixesValidationProblems() throws Exception {
        String[] common = {"train", "--problem", "quadratic", "--init", "../docs/results/quadratic.safetensors", "--problems-per-iteration",
            "8", "--validation-problems", "4", "--iterations", "2", "--unroll", "2", "--horizon", "4"};
        Path first = folder.resolve("seed-1");
        Path sameValidation = folder.resolve("seed-2-validated-as-1");
        Path other = folder.resolve("seed-2");

        assertThat(run(concat(common, new String[] {"--seed", "1", "--out", first.toString()}))).as("stderr: %s", err).isZero();
        assertThat(run(concat(common, new String[] {"--seed", "2", "--validation-seed", "1", "--out", sameValidation.toString()})))
                .as("stderr: %s", err).isZero();
        assertThat(run(concat(common, new String[] {"--seed", "2", "--out", other.toString()}))).as("stderr: %s", err).isZero();

        String before = Files.readAllLines(first.resolve("training-log.csv")).get(1).split(",")[3];
        assertThat(Files.readAllLines(sameValidation.resolve("training-log.csv")).get(1).split(",")[3]).isEqualTo(before);
        assertThat(Files.readAllLines(other.resolve("training-log.csv")).get(1).split(",")[3]).isNotEqualTo(before);
        Map<String, Object> firstSeeds = (Map<String, Object>) json(first.resolve("config.json")).get("seeds");
        Map<String, Object> sameSeeds = (Map<String, Object>) json(sameValidation.resolve("config.json")).get("seeds");
        assertThat(sameSeeds.get("validation")).isEqualTo(firstSeeds.get("validation"));
        assertThat(sameSeeds).containsEntry("validation_seed", 1L).containsEntry("seed", 2L);
        assertThat(sameSeeds.get("training")).isNotEqualTo(firstSeeds.get("training"));
        assertThat(firstSeeds).containsEntry("validation_seed", null);
    }

    @Test
    void averageNoteWarnsOnLargeDecay() {
        assertThat(TrainCommand.averageNote(0.9, 120)).isEqualTo("Validation and checkpoints take the moving average of the weights with "
                + "decay 0.9, about the last 10 meta-iterations.");
        assertThat(TrainCommand.averageNote(0.99, 20)).isEqualTo("Validation and checkpoints take the moving average of the weights with "
                + "decay 0.99, about the last 100 meta-iterations. Note: after 20 meta-iterations the initial weights still make up 82% "
                + "of the average (0.99^20); an --ema-decay of at most 0.891 brings that below 10%.");
        assertThat(TrainCommand.ordinal(2)).isEqualTo("2nd");
        assertThat(TrainCommand.ordinal(3)).isEqualTo("3rd");
        assertThat(TrainCommand.ordinal(6)).isEqualTo("6th");
        assertThat(TrainCommand.ordinal(11)).isEqualTo("11th");
        assertThat(TrainCommand.ordinal(21)).isEqualTo("21st");
        assertThat(TrainCommand.ordinal(112)).isEqualTo("112th");
    }

    @Test
    void progressLinesNameTheLossesOfTheRun() {
        assertThat(MetaTrainingLog.losses(12.5, Double.NaN)).isEqualTo("meta-loss 12.500");
        assertThat(MetaTrainingLog.losses(Double.NaN, 0.25)).isEqualTo("imitation loss 0.25000");
        assertThat(MetaTrainingLog.losses(12.5, 0.25)).isEqualTo("meta-loss 12.500, imitation loss 0.25000");
        assertThat(MetaTrainingLog.ratios(List.of(20, 100), List.of(1.0123456, 0.97))).isEqualTo(" (step 20: 1.0123, step 100: 0.97000)");
        assertThat(MetaTrainingLog.ratios(List.of(), List.of())).isEmpty();
    }

    @Test
    void learnerOptionWithoutEqualsRejected() {
        String out = folder.resolve("r").toString();
        String[][] commands = {
            {"train", "--learner", "mlp", "--dataset", "mnist", "--learner-option", "width", "--out", out},
            {"fewshot", "train", "--learner-option", "width", "--run-dir", out},
        };
        for (String[] command : commands) {
            StringWriter errors = new StringWriter();
            int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(errors, true), command);

            assertThat(status).as("%s", List.of(command)).isEqualTo(2);
            assertThat(errors.toString()).as("%s", List.of(command)).startsWith("Invalid value for --learner-option: 'width' is not of the "
                    + "form KEY=VALUE; give a key and its value, such as --learner-option width=40. 'l2l learners' lists the keys of "
                    + "every learner");
            assertThat(errors.toString()).as("%s", List.of(command)).doesNotContain("option option");
        }
    }

    @Test
    void learnerOptionsParsedInBothForms() {
        CommandLine commandLine = Main.commandLine();

        CommandLine.ParseResult parsed = commandLine.parseArgs("train", "--learner", "mlp", "--learner-option=width=40",
                "--learner-option", "activation=relu", "--learner-option", "note=a=b", "--out", folder.toString());

        TrainCommand train = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(train.problemOptions.learnerOptions).containsExactly(Map.entry("width", "40"), Map.entry("activation", "relu"),
                Map.entry("note", "a=b"));
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void interruptedTrainingNamesKeptCheckpoints() {
        Path out = folder.resolve("run");
        MetaTrainer.Validation first = new MetaTrainer.Validation(4, 25, 300.0, Double.NaN, 12.0, 10.0, true, 12.0, 25, 1.0, 1.0);
        MetaTrainer.Validation second = new MetaTrainer.Validation(4, 50, 320.0, Double.NaN, 13.0, 11.0, false, 12.0, 25, 2.0, 2.0);

        String none = TrainCommand.interruptedMessage(out, List.of(), false);
        String replaced = TrainCommand.interruptedMessage(out, List.of(), true);
        String some = TrainCommand.interruptedMessage(out, List.of(first, second), false);

        assertThat(none).isEqualTo("meta-training stopped before its first validation, so " + out + " has no checkpoint yet");
        assertThat(replaced).isEqualTo("meta-training stopped before its first validation, so " + out + " keeps only the checkpoints "
                + "of the run it replaces, if any");
        assertThat(some).isEqualTo("meta-training stopped; its last validation was at meta-iteration 50, so " + out + " keeps "
                + "best.safetensors (meta-iteration 25) and last.safetensors (meta-iteration 50). Start a new run from one with --init "
                + out.resolve("last.safetensors"));
    }
}
