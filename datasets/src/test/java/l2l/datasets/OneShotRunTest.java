package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneShotRunTest {

    private static final Path RUNS = Fixtures.bundledData().resolve("omniglot").resolve("one-shot-runs");

    @TempDir
    Path folder;

    /** Copies bundled run01 to {@code <folder>/run01} and returns the copy. */
    private Path copyOfRun01() throws IOException {
        Path source = RUNS.resolve("run01");
        Path target = folder.resolve("run01");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.collect(Collectors.toList())) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    private static void rewriteLabels(Path run, String from, String to) throws IOException {
        Path labels = run.resolve(OneShotRun.LABELS_FILE);
        Files.writeString(labels, Files.readString(labels).replace(from, to));
    }

    @Test
    void bundledRunsOpen() throws DatasetException {
        List<OneShotRun> runs = OneShotRun.openAll(RUNS);

        assertThat(runs).extracting(OneShotRun::name)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("run%02d", i)).collect(Collectors.toList()));
        for (OneShotRun run : runs) {
            assertThat(run.ways()).as("ways of %s", run.name()).isEqualTo(20);
            assertThat(run.testImages()).as("test drawings of %s", run.name()).hasSize(20);
        }
        // run01/class_labels.txt starts with item01 -> class08, item02 -> class09, item03 -> class02.
        assertThat(runs.get(0).testLabels()).startsWith(7, 8, 1);
    }

    @Test
    void runBecomesTwentyWayEpisode() throws DatasetException {
        OneShotRun run = OneShotRun.openAll(RUNS).get(0);

        Episode episode = run.toEpisode(3);

        assertThat(episode.index()).isEqualTo(3);
        assertThat(episode.shape()).isEqualTo(new EpisodeShape(20, 1, 1));
        assertThat(episode.supportImages().shape()).containsExactly(20, 1, 28, 28);
        assertThat(episode.queryImages().shape()).containsExactly(20, 1, 28, 28);
        assertThat(episode.supportLabels()).containsExactly(IntStream.range(0, 20).toArray());
        assertThat(episode.queryLabels()).containsExactly(run.testLabels());
        assertThat(episode.classNames().get(7)).isEqualTo("run01/class08");
        double[] firstTest = ImageSpec.omniglot(28).read(RUNS.resolve("run01/test/item01.png")).toArray();
        double[] queryRow = java.util.Arrays.copyOfRange(episode.queryImages().toArray(), 0, 784);
        assertThat(queryRow).containsExactly(firstTest);
    }

    @Test
    void missingLabelsFileIsNamed() throws IOException {
        Path run = copyOfRun01();
        Path labels = run.resolve(OneShotRun.LABELS_FILE);
        Files.delete(labels);

        assertThatThrownBy(() -> OneShotRun.openAll(folder))
                .isInstanceOf(DatasetException.class)
                .hasMessage(labels + ": missing; a one-shot run folder contains class_labels.txt, training/ and test/");
    }

    @Test
    void labelNamingMissingDrawingIsRejected() throws IOException {
        Path run = copyOfRun01();
        rewriteLabels(run, "run01/training/class08.png", "run01/training/class99.png");

        assertThatThrownBy(() -> OneShotRun.open(run, ImageSpec.omniglot(28)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(run.resolve(OneShotRun.LABELS_FILE) + ": line 1: training drawing " + run.resolve("training/class99.png")
                        + " not found");
    }

    @Test
    void malformedLineIsRejected() throws IOException {
        Path run = copyOfRun01();
        rewriteLabels(run, "run01/test/item02.png run01/training/class09.png", "run01/test/item02.png");

        assertThatThrownBy(() -> OneShotRun.open(run, ImageSpec.omniglot(28)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(run.resolve(OneShotRun.LABELS_FILE)
                        + ": line 2: expected '<test drawing> <training drawing>', found 'run01/test/item02.png'");
    }

    @Test
    void drawingListedTwiceIsRejected() throws IOException {
        Path run = copyOfRun01();
        rewriteLabels(run, "run01/test/item02.png", "run01/test/item01.png");

        assertThatThrownBy(() -> OneShotRun.open(run, ImageSpec.omniglot(28)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(run.resolve(OneShotRun.LABELS_FILE) + ": line 2: test drawing run01/test/item01.png is listed twice");
    }

    @Test
    void unbalancedCharactersAreRejected() throws IOException {
        Path run = copyOfRun01();
        rewriteLabels(run, "run01/test/item02.png run01/training/class09.png", "run01/test/item02.png run01/training/class08.png");

        assertThatThrownBy(() -> OneShotRun.open(run, ImageSpec.omniglot(28)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(run.resolve(OneShotRun.LABELS_FILE)
                        + ": training drawing class08.png has 2 test drawings but class01.png has 1; every character needs the same number");
    }

    @Test
    void unlistedTestDrawingIsRejected() throws IOException {
        Path run = copyOfRun01();
        Files.copy(run.resolve("test/item01.png"), run.resolve("test/item21.png"));

        assertThatThrownBy(() -> OneShotRun.open(run, ImageSpec.omniglot(28)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(run.resolve(OneShotRun.LABELS_FILE)
                        + ": test drawing item21.png is missing from the file; every drawing in test/ needs a line");
    }

    @Test
    void corruptDrawingIsNamedOnUse() throws IOException, DatasetException {
        Path run = copyOfRun01();
        Path drawing = run.resolve("training/class05.png");
        Files.write(drawing, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        OneShotRun opened = OneShotRun.open(run, ImageSpec.omniglot(28));

        assertThatThrownBy(() -> opened.toEpisode(0))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(drawing.toString() + ": ");
    }

    @Test
    void folderWithoutRunsIsRejected() {
        assertThatThrownBy(() -> OneShotRun.openAll(folder))
                .isInstanceOf(DatasetException.class)
                .hasMessage(folder + ": no run folders (run01, run02, ...) found");
    }
}
