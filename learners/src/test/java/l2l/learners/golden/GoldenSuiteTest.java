package l2l.learners.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: it rejects missing and empty folders, unknown kinds, and outputs outside the tolerance. */
class GoldenSuiteTest {

    @TempDir
    Path folder;

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String preprocessCase(String kind, double expectedFirst) {
        return "{\"kind\": \"" + kind + "\", \"description\": \"test\", \"tolerance\": {\"abs\": 1e-9, \"rel\": 1e-7},"
                + " \"config\": {\"p\": 10.0},"
                + " \"inputs\": {\"x\": {\"shape\": [1], \"data\": [1e-9]}},"
                + " \"expected\": {\"out\": {\"shape\": [1, 2], \"data\": [" + expectedFirst + ", " + Math.exp(10) * 1e-9 + "]}}}";
    }

    @Test
    void missingFolderRejected() {
        Path missing = folder.resolve("absent");

        assertThatThrownBy(() -> GoldenSuite.caseFiles(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("folder " + missing + " does not exist");
    }

    @Test
    void emptyFolderRejected() throws IOException {
        write("notes.txt", "not a case");

        assertThatThrownBy(() -> GoldenSuite.caseFiles(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("folder " + folder + " contains no *.json case");
    }

    @Test
    void matchingCasePasses() throws IOException {
        Path file = write("preprocess-ok.json", preprocessCase("preprocess", -1.0));

        assertThat(GoldenSuite.caseFiles(folder)).containsExactly(file);
        assertThatCode(() -> GoldenSuite.check(GoldenCase.read(file))).doesNotThrowAnyException();
    }

    @Test
    void mismatchNamesOutputAndElement() throws IOException {
        Path file = write("preprocess-bad.json", preprocessCase("preprocess", -0.5));

        assertThatThrownBy(() -> GoldenSuite.check(GoldenCase.read(file)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("out: 1 of 2 elements differ")
                .hasMessageContaining("index [0, 0]: actual -1.0, expected -0.5");
    }

    @Test
    void unknownKindRejected() throws IOException {
        Path file = write("mystery.json", preprocessCase("mystery.kind", -1.0));

        assertThatThrownBy(() -> GoldenSuite.check(GoldenCase.read(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown kind 'mystery.kind'");
    }

    @Test
    void missingFieldNamed() throws IOException {
        Path file = write("broken.json", "{\"kind\": \"preprocess\", \"tolerance\": {\"abs\": 1e-9, \"rel\": 1e-7}, \"inputs\": {}}");

        assertThatThrownBy(() -> GoldenCase.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": field 'expected' is missing, expected a JSON object");
    }
}
