package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

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
    void missingSubcommandExitsWithUsageError() {
        int status = run();

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }
}
