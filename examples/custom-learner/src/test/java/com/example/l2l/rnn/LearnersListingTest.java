package com.example.l2l.rnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code l2l learners} through the launcher at the repository root, with this module's
 * classes on {@code L2L_MODULE_PATH}, as a user would with the jar. The command line must be
 * packaged first, which {@code mvn verify} at the repository root does; after {@code mvn test}
 * alone the launcher reports that it is not built.
 */
class LearnersListingTest {

    @Test
    void l2lLearnersListsRowRnn(@TempDir Path folder) throws IOException, InterruptedException, URISyntaxException {
        Path root = Path.of(System.getProperty("l2l.root"));
        Path classes = Path.of(RowRnnProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder builder = new ProcessBuilder(root.resolve("l2l").toString(), "learners");
        builder.environment().put("L2L_MODULE_PATH", classes.toString());
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        builder.redirectErrorStream(true);
        Path outputFile = folder.resolve("output.txt");
        builder.redirectOutput(outputFile.toFile());

        Process process = builder.start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);

        assertThat(finished).as("l2l learners finished within 2 minutes; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit status of l2l learners; output:%n%s", output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines).anyMatch(line -> line.matches("row-rnn +com\\.example\\.l2l\\.rnn +example: an Elman RNN .*"));
        assertThat(lines).anyMatch(line -> line.matches(" +--learner-option hidden=\\.\\.\\.: hidden units of the recurrent cell \\(default 16\\)"));
        assertThat(lines).anyMatch(line -> line.matches("mlp +l2l\\.learners \\(built in\\) +.*"));
    }
}
