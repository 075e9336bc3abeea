package l2l.learners.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import l2l.tensor.Tensor;

/** Finds the case files of a folder and checks one case against its expected outputs. */
final class GoldenSuite {

    private GoldenSuite() {
    }

    /**
     * Returns the folder named by the system property {@code golden.dir}, resolving a relative
     * path against the repository root in {@code l2l.root} (or the working directory if that is
     * not set).
     */
    static Path folderFromSystemProperties() {
        String configured = System.getProperty("golden.dir", "../shared/golden");
        Path folder = Paths.get(configured);
        if (!folder.isAbsolute()) {
            String root = System.getProperty("l2l.root");
            folder = (root == null ? Paths.get("") : Paths.get(root)).resolve(folder);
        }
        return folder.toAbsolutePath().normalize();
    }

    /**
     * Returns every {@code *.json} file of {@code folder}, sorted by name.
     *
     * @throws IllegalStateException if the folder does not exist or contains no case
     */
    static List<Path> caseFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("Golden cases: folder " + folder + " does not exist; set -Dgolden.dir=PATH to a folder of *.json cases");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(path -> path.getFileName().toString().endsWith(".json") && Files.isRegularFile(path)).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("Golden cases: folder " + folder + " contains no *.json case; set -Dgolden.dir=PATH to a folder of cases");
        }
        return files;
    }

    /**
     * Checks one case: computes its kind's outputs and compares every expected tensor with them.
     *
     * @throws AssertionError listing every output that is missing or outside the tolerance
     * @throws IllegalArgumentException for a kind the project does not implement
     */
    static void check(GoldenCase goldenCase) {
        GoldenKind kind = GoldenKinds.IMPLEMENTED.get(goldenCase.kind());
        if (kind == null) {
            throw new IllegalArgumentException(goldenCase.file() + ": unknown kind '" + goldenCase.kind() + "'; known kinds are "
                    + GoldenKinds.IMPLEMENTED.keySet());
        }
        Map<String, Tensor> actual = kind.compute(goldenCase);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Tensor> expected : goldenCase.expected().entrySet()) {
            Tensor output = actual.get(expected.getKey());
            if (output == null) {
                failures.add(expected.getKey() + ": not computed by the handler of kind '" + goldenCase.kind() + "'");
                continue;
            }
            Optional<String> mismatch = goldenCase.tolerance().mismatch(output, expected.getValue());
            mismatch.ifPresent(message -> failures.add(expected.getKey() + ": " + message));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(goldenCase.file() + " (" + goldenCase.kind() + ") differs from the reference:\n  "
                    + String.join("\n  ", failures));
        }
    }
}
