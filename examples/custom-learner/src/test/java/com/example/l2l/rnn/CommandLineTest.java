package com.example.l2l.rnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code l2l} launcher at the repository root with this module's classes on
 * {@code L2L_MODULE_PATH}, as a user would with the jar. The command line must be packaged first,
 * which {@code mvn verify} at the repository root does; after {@code mvn test} alone the launcher
 * reports that it is not built.
 */
class CommandLineTest {

    @TempDir
    Path folder;

    /** The exit status and the merged standard output and error of one launcher run. */
    private record Run(int status, String output) {
    }

    private Run l2l(String... args) throws IOException, InterruptedException, URISyntaxException {
        Path classes = Path.of(RowRnnProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return l2lWithModulePath(classes.toString(), args);
    }

    /** Runs the launcher with {@code modulePath} as {@code L2L_MODULE_PATH}. */
    private Run l2lWithModulePath(String modulePath, String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("l2l.root"));
        List<String> command = new ArrayList<>(List.of(root.resolve("l2l").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("L2L_MODULE_PATH", modulePath);
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        builder.redirectErrorStream(true);
        Path outputFile = Files.createTempFile(folder, "l2l-", ".txt");
        builder.redirectOutput(outputFile.toFile());

        Process process = builder.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);
        assertThat(finished).as("l2l %s finished within 5 minutes; output:%n%s", String.join(" ", args), output).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void learnersListsRowRnn() throws Exception {
        Run run = l2l("learners");

        assertThat(run.status()).as("exit status of l2l learners; output:%n%s", run.output()).isZero();
        List<String> lines = run.output().lines().toList();
        assertThat(lines).anyMatch(line -> line.matches("row-rnn +com\\.example\\.l2l\\.rnn +example: an Elman RNN .*"));
        assertThat(lines).anyMatch(line -> line.matches(" +--learner-option hidden=\\.\\.\\.: hidden units of the recurrent cell \\(default 16\\)"));
        assertThat(lines).anyMatch(line -> line.matches("mlp +l2l\\.learners \\(built in\\) +.*"));
    }

    @Test
    void invalidModulePathEntryNamed() throws Exception {
        Path notes = Files.writeString(folder.resolve("notes.txt"), "not a module");
        Path truncated = Files.write(folder.resolve("truncated.jar"), new byte[] {'P', 'K', 3, 4, 0, 0});
        Path jarFolder = Files.createDirectory(folder.resolve("jars"));
        Path inFolder = Files.write(jarFolder.resolve("broken.jar"), new byte[] {1, 2, 3});
        String expected = ". L2L_MODULE_PATH lists jar files and folders of jar files or exploded modules, separated by ':'.";

        Run text = l2lWithModulePath(notes.toString(), "learners");
        Run notZip = l2lWithModulePath(truncated.toString(), "learners");
        Run folderEntry = l2lWithModulePath(jarFolder.toString(), "learners");

        assertThat(text.status()).as("output:%n%s", text.output()).isEqualTo(1);
        assertThat(text.output()).isEqualTo("l2l: invalid L2L_MODULE_PATH entry: '" + notes + "' is neither a jar file (.jar) nor a "
                + "folder of modules" + expected + "\n");
        assertThat(notZip.status()).as("output:%n%s", notZip.output()).isEqualTo(1);
        assertThat(notZip.output()).isEqualTo("l2l: invalid L2L_MODULE_PATH entry: '" + truncated + "' is not a jar file (a zip "
                + "archive); rebuild it" + expected + "\n");
        assertThat(folderEntry.status()).as("output:%n%s", folderEntry.output()).isEqualTo(1);
        assertThat(folderEntry.output()).isEqualTo("l2l: invalid L2L_MODULE_PATH entry: '" + inFolder + "' in the folder '" + jarFolder
                + "' is not a jar file (a zip archive); rebuild it, or move it out of the folder" + expected + "\n");
    }

    @Test
    void trainAndCompareRowRnn() throws Exception {
        Path training = folder.resolve("train");
        Path comparison = folder.resolve("compare");

        Run trained = l2l("train", "--learner", "row-rnn", "--learner-option", "hidden=4", "--dataset", "mnist", "--iterations", "2",
                "--unroll", "2", "--horizon", "2", "--validation-problems", "1", "--out", training.toString());
        Run compared = l2l("compare", "--checkpoint", training.resolve("best.safetensors").toString(), "--problems", "1", "--steps", "3",
                "--tuning-problems", "1", "--tuning-steps", "2", "--lr-min", "0.5", "--lr-max", "1", "--optimizers", "sgd",
                "--out", comparison.toString());

        assertThat(trained.status()).as("exit status of l2l train; output:%n%s", trained.output()).isZero();
        assertThat(trained.output()).contains("Meta-training on row-rnn-mnist");
        assertThat(training.resolve("best.safetensors")).isRegularFile();
        assertThat(compared.status()).as("exit status of l2l compare; output:%n%s", compared.output()).isZero();
        assertThat(compared.output()).containsPattern("(?m)^lstm +- +\\d");
        assertThat(Files.readString(comparison.resolve("results.json"))).contains("\"learner\": \"row-rnn\"");
    }
}
