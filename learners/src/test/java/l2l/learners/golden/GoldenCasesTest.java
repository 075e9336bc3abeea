package l2l.learners.golden;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden case in the folder named by the system property {@code golden.dir}: one
 * dynamic test per file, named by its file name. A last test is named with the count of passed
 * and failed cases of every kind, and prints the same line.
 *
 * <p>Run it on another folder of cases with {@code mvn -B verify -Dgolden.dir=PATH}.
 */
class GoldenCasesTest {

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        Path folder = GoldenSuite.folderFromSystemProperties();
        List<Path> files = GoldenSuite.caseFiles(folder);
        Map<String, int[]> counts = new ConcurrentHashMap<>();

        Stream<DynamicTest> cases = files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
            GoldenCase goldenCase = GoldenCase.read(file);
            int[] kindCounts = counts.computeIfAbsent(goldenCase.kind(), kind -> new int[2]);
            kindCounts[1]++;
            GoldenSuite.check(goldenCase);
            kindCounts[1]--;
            kindCounts[0]++;
        }));
        // The stream is consumed lazily, so the summary is built after every case has run.
        Stream<DynamicTest> summary = Stream.of(folder).map(path -> {
            String line = summaryLine(path, counts);
            System.out.println(line);
            return DynamicTest.dynamicTest(line, () -> { });
        });
        return Stream.concat(cases, summary);
    }

    private static String summaryLine(Path folder, Map<String, int[]> counts) {
        StringBuilder line = new StringBuilder("summary of ").append(folder).append(':');
        for (Map.Entry<String, int[]> entry : new TreeMap<>(counts).entrySet()) {
            int[] kindCounts = entry.getValue();
            line.append(' ').append(entry.getKey()).append(' ').append(kindCounts[0]).append(" passed");
            if (kindCounts[1] > 0) {
                line.append(", ").append(kindCounts[1]).append(" failed");
            }
            line.append(';');
        }
        return line.toString();
    }
}
