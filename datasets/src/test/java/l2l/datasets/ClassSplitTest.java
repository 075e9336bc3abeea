package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassSplitTest {

    private static final Path BUNDLED = Fixtures.bundledData().resolve("omniglot").resolve(ClassSplit.OMNIGLOT_DEFAULT_FILE);

    @TempDir
    Path folder;

    private static List<String> names(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("Alphabet/character%03d", i));
        }
        return names;
    }

    private Path file(String json) {
        return Fixtures.write(folder.resolve("split.json"), json.getBytes());
    }

    @Test
    void bundledSplitReads() throws DatasetException {
        ClassSplit split = ClassSplit.read(BUNDLED);

        assertThat(split.train()).hasSize(194);
        assertThat(split.val()).hasSize(24);
        assertThat(split.test()).hasSize(24);
        assertThat(split.seed()).hasValue(1234);
        assertThat(split.description()).hasValueSatisfying(text -> assertThat(text).startsWith("Character-level split"));
        assertThat(split.train().get(0)).isEqualTo("Balinese/character01");
    }

    @Test
    void bundledSplitCoversBundledOmniglot() throws DatasetException {
        Path omniglot = Fixtures.bundledData().resolve("omniglot");
        OmniglotDataset dataset = OmniglotDataset.open(OmniglotDataset.findSources(omniglot, OmniglotDataset.BACKGROUND));
        ClassSplit split = ClassSplit.read(BUNDLED);

        MetaSplit parts = split.apply(dataset);

        Set<String> union = new HashSet<>(parts.train().classNames());
        union.addAll(parts.val().classNames());
        union.addAll(parts.test().classNames());
        assertThat(union).containsExactlyInAnyOrderElementsOf(dataset.classNames());
        assertThat(parts.part(SplitPart.VAL).imageCount(0)).isEqualTo(20);
    }

    @Test
    void writtenSplitReadsBackEqual() throws DatasetException, IOException {
        ClassSplit split = ClassSplit.read(BUNDLED);
        Path copy = folder.resolve("copy.json");

        split.write(copy);

        assertThat(ClassSplit.read(copy)).isEqualTo(split);
        assertThat(Files.readString(copy)).startsWith("{\n  \"seed\": 1234,\n  \"description\": \"Character-level split")
                .contains("  \"train\": [\n    \"Balinese/character01\",\n    \"Balinese/character02\",\n");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()).collect(Collectors.toList()))
                    .as("files left in the folder").containsExactly("copy.json");
        }
    }

    @Test
    void splitWithoutOptionalKeysRoundTrips() throws DatasetException {
        ClassSplit split = new ClassSplit(List.of("b", "a"), List.of(), List.of("c\"quoted\""), OptionalLong.empty(), Optional.empty());
        Path path = folder.resolve("minimal.json");

        split.write(path);

        assertThat(ClassSplit.read(path)).isEqualTo(split);
    }

    @Test
    void randomSplitRepeatsForOneSeed() {
        List<String> names = names(50);

        ClassSplit first = ClassSplit.random(names, 30, 10, 10, 7);
        ClassSplit again = ClassSplit.random(names, 30, 10, 10, 7);
        ClassSplit other = ClassSplit.random(names, 30, 10, 10, 8);

        assertThat(again).isEqualTo(first);
        assertThat(other.train()).isNotEqualTo(first.train());
        assertThat(first.seed()).hasValue(7);
    }

    @Test
    void seedFixesSplitAcrossVersions() {
        // Pins the drawing algorithm: a change here breaks the reproducibility of earlier splits.
        List<String> names = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");

        ClassSplit split = ClassSplit.random(names, 6, 2, 2, 99);

        assertThat(split.train()).containsExactly("k1", "k3", "k4", "k6", "k8", "k9");
        assertThat(split.val()).containsExactly("k0", "k2");
        assertThat(split.test()).containsExactly("k5", "k7");
    }

    @Test
    void randomSplitPartitionsTheClasses() {
        List<String> names = names(50);

        ClassSplit split = ClassSplit.random(names, 30, 10, 8, 3);

        assertThat(split.train()).hasSize(30).isSorted();
        assertThat(split.val()).hasSize(10).isSorted();
        assertThat(split.test()).hasSize(8).isSorted();
        Set<String> used = new HashSet<>(split.train());
        used.addAll(split.val());
        used.addAll(split.test());
        assertThat(used).hasSize(48);
        assertThat(names).containsAll(used);
    }

    @Test
    void fractionsRoundToCounts() {
        ClassSplit split = ClassSplit.randomFractions(names(242), 0.8, 0.1, 1);

        assertThat(split.train()).hasSize(194);
        assertThat(split.val()).hasSize(24);
        assertThat(split.test()).hasSize(24);
    }

    @Test
    void tooManyClassesRequestedIsRejected() {
        assertThatThrownBy(() -> ClassSplit.random(names(10), 8, 2, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train 8 + val 2 + test 1 = 11 classes requested but only 10 given; lower the counts so that "
                        + "they sum to at most 10");
    }

    @Test
    void unknownKeyIsRejected() {
        Path path = file("{\"train\": [], \"val\": [], \"test\": [], \"tran\": []}");

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": unknown key 'tran'; a split file has the keys train, val and test, and optionally seed and description");
    }

    @Test
    void missingPartIsRejected() {
        Path path = file("{\"train\": [\"a\"], \"val\": []}");

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": missing the array test");
    }

    @Test
    void nonStringNameIsRejected() {
        Path path = file("{\"train\": [\"a\", 3], \"val\": [], \"test\": []}");

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": train must contain only strings, found 3");
    }

    @Test
    void classInTwoPartsIsRejected() {
        Path path = file("{\"train\": [\"a\", \"b\"], \"val\": [], \"test\": [\"b\"]}");

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": class 'b' appears in train and in test");
    }

    @Test
    void fractionalSeedIsRejected() {
        Path path = file("{\"seed\": 1.5, \"train\": [], \"val\": [], \"test\": []}");

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": seed must be an integer, found 1.5");
    }

    @Test
    void invalidJsonIsRejected() {
        Path path = file("{\"train\": [\"a\",]}");

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(path + ": Invalid JSON at line 1")
                .hasMessageEndingWith("; the file is damaged or was edited, so correct the JSON or write the split again with "
                        + "'l2l datasets split --dataset NAME --seed SEED --counts TRAIN,VAL,TEST -o " + path + "'");
    }

    @Test
    void binaryFileIsRejected() throws IOException {
        Path path = folder.resolve("model.safetensors");
        Files.write(path, new byte[] {8, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xfe, 0x7b});

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": not a split file: it is not UTF-8 text, and a split file is JSON; write one with "
                        + "'l2l datasets split'");
    }

    @Test
    void missingFileIsRejected() {
        Path path = folder.resolve("absent.json");

        assertThatThrownBy(() -> ClassSplit.read(path))
                .isInstanceOf(DatasetException.class)
                .hasMessage(path + ": split file not found; check the path, or write one with 'l2l datasets split'");
    }

    @Test
    void namesMissingFromDatasetAreListed() {
        ClassSplit split = new ClassSplit(List.of("c0", "Greek/character01", "x"), List.of(), List.of(), OptionalLong.empty(),
                Optional.empty());
        TensorDataset dataset = TensorDataset.numbered(3, 2);

        assertThatThrownBy(() -> split.select(dataset, SplitPart.TRAIN))
                .isInstanceOf(DatasetException.class)
                .hasMessage("2 of the 3 train classes of the split are not in tensors, for example [Greek/character01, x];"
                        + " the dataset has, for example, [c0, c1, c2]; use a split file made for this dataset");
    }
}
