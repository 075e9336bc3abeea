package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import l2l.cli.options.VersionProvider;

import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpPrintsUsage() {
        int status = run("--help");

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("Usage: l2l").contains("--version");
    }

    @Test
    void versionPrintsProjectVersion() {
        int status = run("--version");

        assertThat(status).isZero();
        assertThat(out.toString()).matches("(?s)l2l \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*");
    }

    @Test
    void failedOutputWriteExitsWithError() {
        java.io.Writer full = new java.io.Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        int status = Main.run(new PrintWriter(full, true), new PrintWriter(err, true), "--version");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: writing to standard output failed, so the output is incomplete");
    }

    @Test
    void conversionErrorsUsePlainWords() {
        int seed = run("train", "--seed", "0x10", "--out", "unused");
        int horizon = run("train", "--horizon", "99999999999", "--out", "unused");
        int rate = run("train", "--meta-lr", "abc", "--out", "unused");

        assertThat(seed).isEqualTo(2);
        assertThat(horizon).isEqualTo(2);
        assertThat(rate).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid value for option '--seed': '0x10' is not a whole number from -9223372036854775808 to "
                        + "9223372036854775807")
                .contains("Invalid value for option '--horizon': '99999999999' is not a whole number of at most 2147483647")
                .contains("Invalid value for option '--meta-lr': 'abc' is not a number (such as 0.001 or 1e-3)")
                .doesNotContain("is not a long").doesNotContain("is not an int").doesNotContain("is not a double");
    }

    @Test
    void projectVersionIsBare() {
        assertThat(VersionProvider.projectVersion()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void unknownOptionExitsWithUsageError() {
        int status = run("--no-such-option");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").contains("Usage: l2l");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void subcommandErrorPointsToHelp() {
        int status = run("train", "--thread", "2", "--out", "unused");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown options: '--thread', '2'");
        assertThat(err.toString()).contains("Possible solutions: --threads");
        assertThat(err.toString()).endsWith("Run 'l2l train --help' for its options." + System.lineSeparator());
        assertThat(err.toString()).doesNotContain("Usage:");
    }

    @Test
    void missingSubcommandExitsWithUsageError() {
        int status = run();

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    /** A command that fails as a command that exhausts the heap does. */
    @Command(name = "exhaust")
    static final class ExhaustingCommand implements Runnable {

        @Override
        public void run() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryPrintsOneLine() {
        int status = Main.execute(new CommandLine(new ExhaustingCommand()), new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("l2l: " + Main.outOfMemoryMessage(new OutOfMemoryError("Java heap space"),
                Runtime.getRuntime().maxMemory()) + System.lineSeparator());
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("OutOfMemoryError");
    }

    @Test
    void outOfMemoryMessageNamesHeapLimit() {
        String message = Main.outOfMemoryMessage(new OutOfMemoryError("Java heap space"), 3L << 30);

        assertThat(message).isEqualTo("out of memory (Java heap space): the Java heap is limited to 3.0 GiB (Runtime.maxMemory). Run "
                + "again with a larger heap, such as L2L_JAVA_OPTS=-Xmx6g, or with a smaller workload: fewer or smaller "
                + "problems, tasks or images, or fewer steps");
    }

    @Test
    void smallHeapShownInMebibytes() {
        String message = Main.outOfMemoryMessage(new OutOfMemoryError(), 24L << 20);

        assertThat(message).startsWith("out of memory: the Java heap is limited to 24 MiB (Runtime.maxMemory). Run again with a larger "
                + "heap, such as L2L_JAVA_OPTS=-Xmx1g,");
    }
}
