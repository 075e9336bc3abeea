package l2l.datasets.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.datasets.ClassDataset;
import l2l.datasets.DatasetException;
import l2l.datasets.Fixtures;
import l2l.datasets.SplitPart;

class DatasetCatalogTest {

    private static final DataRoot BUNDLED = new DataRoot("bundled", Fixtures.bundledData(), true);

    @TempDir
    Path folder;

    private static Selection selection(Optional<SplitPart> part, boolean rotateTrain) {
        return new Selection(part, Optional.empty(), rotateTrain, OptionalInt.empty(), OptionalInt.empty());
    }

    private void image(String relative) {
        Fixtures.write(folder.resolve(relative), Fixtures.gray(8, 8, (x, y) -> x * 30));
    }

    @Test
    void bundledDataIsFound() throws DatasetException {
        DatasetCatalog catalog = DatasetCatalog.scan(List.of(BUNDLED));

        assertThat(catalog.datasets()).extracting(FoundDataset::name).containsExactly("mnist-10k", "omniglot", "omniglot-runs");
        assertThat(catalog.datasets()).extracting(FoundDataset::kind)
                .containsExactly(DatasetKind.MNIST, DatasetKind.OMNIGLOT, DatasetKind.ONE_SHOT_RUNS);
        assertThat(catalog.require("omniglot").sources()).hasSize(2);
        assertThat(catalog.require("omniglot").defaultSplitFile())
                .hasValue(Fixtures.bundledData().resolve("omniglot/split-242-seed1234.json"));
    }

    @Test
    void summariesCountClassesAndImages() throws DatasetException {
        DatasetCatalog catalog = DatasetCatalog.scan(List.of(BUNDLED));

        assertThat(catalog.require("omniglot").summarize()).isEqualTo(new Summary(242, 4840, "8 alphabets"));
        assertThat(catalog.require("omniglot-runs").summarize()).isEqualTo(new Summary(200, 400, "10 runs of 20-way one-shot"));
        assertThat(catalog.require("mnist-10k").summarize()).isEqualTo(new Summary(10, 10000, "train 8000, test 2000"));
    }

    @Test
    void omniglotPartsFollowTheDefaultSplit() throws DatasetException {
        FoundDataset omniglot = DatasetCatalog.scan(List.of(BUNDLED)).require("omniglot");

        assertThat(omniglot.defaultPart(Optional.empty())).hasValue(SplitPart.TRAIN);
        assertThat(omniglot.classes(selection(Optional.of(SplitPart.TRAIN), true)).classCount()).isEqualTo(4 * 194);
        assertThat(omniglot.classes(selection(Optional.of(SplitPart.TRAIN), false)).classCount()).isEqualTo(194);
        assertThat(omniglot.classes(selection(Optional.of(SplitPart.TEST), true)).classCount()).isEqualTo(24);
        assertThat(omniglot.classes(selection(Optional.empty(), true)).classCount()).isEqualTo(242);
    }

    @Test
    void imageSizeOptionResizes() throws DatasetException {
        FoundDataset omniglot = DatasetCatalog.scan(List.of(BUNDLED)).require("omniglot");

        ClassDataset large = omniglot.classes(new Selection(Optional.of(SplitPart.VAL), Optional.empty(), true, OptionalInt.of(56),
                OptionalInt.empty()));

        assertThat(large.image(0, 0).shape()).containsExactly(1, 56, 56);
    }

    @Test
    void earlierRootTakesPrecedence() throws IOException, DatasetException {
        image("omniglot/images_background_mine/Alpha/character01/01.png");
        DataRoot mine = new DataRoot("data-dir", folder, true);

        DatasetCatalog catalog = DatasetCatalog.scan(List.of(mine, BUNDLED));

        assertThat(catalog.require("omniglot").root()).isEqualTo(mine);
        assertThat(catalog.require("omniglot").summarize().classes()).isEqualTo(1);
        assertThat(catalog.datasets()).extracting(FoundDataset::name).containsExactly("omniglot", "mnist-10k", "omniglot", "omniglot-runs");
    }

    @Test
    void incompleteMnistFolderNamesMissingFile() throws IOException, DatasetException {
        // A copy of the bundled digits under the name mnist-10k, without the test labels.
        Path copy = Files.createDirectories(folder.resolve("mnist-10k"));
        Path bundled = Fixtures.bundledData().resolve("mnist-10k");
        for (String file : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")) {
            Files.copy(bundled.resolve(file), copy.resolve(file));
        }
        DatasetCatalog catalog = DatasetCatalog.scan(List.of(new DataRoot("data-dir", folder, true), BUNDLED));

        FoundDataset mnist = catalog.require("mnist-10k");
        assertThat(mnist.location()).isEqualTo(copy);
        assertThatThrownBy(() -> mnist.classes(selection(Optional.of(SplitPart.TEST), true)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("neither t10k-labels-idx1-ubyte.gz nor t10k-labels-idx1-ubyte found");
    }

    @Test
    void imageFolderNeedsSplitFileForParts() throws DatasetException {
        image("shapes/circle/1.png");
        image("shapes/square/1.png");
        FoundDataset shapes = DatasetCatalog.scan(List.of(new DataRoot("data-dir", folder, true))).require("shapes");

        assertThat(shapes.kind()).isEqualTo(DatasetKind.IMAGE_FOLDER);
        assertThat(shapes.defaultPart(Optional.empty())).isEmpty();
        assertThat(shapes.classes(selection(Optional.empty(), true)).classNames()).containsExactly("circle", "square");
        assertThatThrownBy(() -> shapes.classes(selection(Optional.of(SplitPart.TRAIN), true)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("shapes has no split file; pass one (write one with 'l2l datasets split') or choose all classes");
    }

    @Test
    void rootItselfCanBeADataset() throws IOException, DatasetException {
        Path mini = folder.resolve("mini");
        Fixtures.write(mini.resolve("images/a.png"), Fixtures.rgb(4, 4, (x, y) -> 0xFF0000));
        Fixtures.write(mini.resolve("images/b.png"), Fixtures.rgb(4, 4, (x, y) -> 0x00FF00));
        Fixtures.write(mini.resolve("images/c.png"), Fixtures.rgb(4, 4, (x, y) -> 0x0000FF));
        Files.writeString(mini.resolve("train.csv"), "filename,label\na.png,n1\n");
        Files.writeString(mini.resolve("val.csv"), "filename,label\nb.png,n2\n");
        Files.writeString(mini.resolve("test.csv"), "filename,label\nc.png,n3\n");

        DatasetCatalog catalog = DatasetCatalog.scan(List.of(new DataRoot("data-dir", mini, true)));

        FoundDataset found = catalog.require("mini");
        assertThat(found.kind()).isEqualTo(DatasetKind.MINI_IMAGENET);
        assertThat(found.summarize()).isEqualTo(new Summary(3, 3, "classes train 1, val 1, test 1"));
        assertThat(found.classes(selection(Optional.of(SplitPart.VAL), true)).classNames()).containsExactly("n2");
    }

    @Test
    void runsOpenOnlyAsRuns() throws DatasetException {
        DatasetCatalog catalog = DatasetCatalog.scan(List.of(BUNDLED));

        assertThat(catalog.require("omniglot-runs").runs(28)).hasSize(10);
        assertThatThrownBy(() -> catalog.require("omniglot-runs").classes(selection(Optional.empty(), true)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("omniglot-runs is a set of fixed one-shot runs");
        assertThatThrownBy(() -> catalog.require("omniglot").runs(28))
                .isInstanceOf(DatasetException.class)
                .hasMessage("omniglot (Omniglot) is not a folder of one-shot runs");
    }

    @Test
    void mnistHasNoValidationPart() throws DatasetException {
        FoundDataset mnist = DatasetCatalog.scan(List.of(BUNDLED)).require("mnist-10k");

        assertThat(mnist.classes(selection(Optional.of(SplitPart.TEST), true)).totalImageCount()).isEqualTo(2000);
        assertThatThrownBy(() -> mnist.classes(selection(Optional.of(SplitPart.VAL), true)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("mnist-10k: an MNIST-style folder has the parts train and test only, with no validation part, which "
                        + "few-shot training and tuning need; choose a dataset of classes, such as omniglot");
    }

    @Test
    void mnistRejectionNamesGivenSelection() throws DatasetException {
        FoundDataset mnist = DatasetCatalog.scan(List.of(BUNDLED)).require("mnist-10k");
        Selection sized = new Selection(Optional.of(SplitPart.TRAIN), Optional.empty(), false, OptionalInt.of(32), OptionalInt.empty());
        Selection native28 = new Selection(Optional.of(SplitPart.TRAIN), Optional.empty(), false, OptionalInt.of(28), OptionalInt.of(1));

        assertThatThrownBy(() -> mnist.classes(sized))
                .isInstanceOf(DatasetException.class)
                .hasMessage("mnist-10k: an MNIST-style folder has fixed train and test parts and 28x28 grayscale images, so the image "
                        + "size 32 cannot be applied to it; choose a dataset of classes to split, such as omniglot");
        assertThat(mnist.classes(native28).classCount()).isEqualTo(10);
    }

    @Test
    void unknownNameListsFoundNames() throws DatasetException {
        DatasetCatalog catalog = DatasetCatalog.scan(List.of(BUNDLED));

        assertThatThrownBy(() -> catalog.require("imagenet"))
                .isInstanceOf(DatasetException.class)
                .hasMessage("No dataset named 'imagenet'; found [mnist-10k, omniglot, omniglot-runs]."
                        + " Run 'l2l datasets' to list them, or add a folder with --data-dir");
    }

    @Test
    void missingRequiredRootIsRejected() throws DatasetException {
        Path missing = folder.resolve("absent");

        assertThat(DatasetCatalog.scan(List.of(new DataRoot("cache", missing, false))).datasets()).isEmpty();
        assertThatThrownBy(() -> DatasetCatalog.scan(List.of(new DataRoot("data-dir", missing, true))))
                .isInstanceOf(DatasetException.class)
                .hasMessage(missing + ": data folder not found; check the path, or leave it out to use the bundled datasets");
    }

    @Test
    void fileAsRequiredRootIsRejected() throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("notes.txt"), "not a folder");

        assertThatThrownBy(() -> DatasetCatalog.scan(List.of(new DataRoot("data-dir", file, true))))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ": is a file, not a data folder; give the folder that contains the datasets");
    }

    @Test
    void fileAsOptionalRootIsRejected() throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("cache.txt"), "not a folder");

        assertThatThrownBy(() -> DatasetCatalog.scan(List.of(new DataRoot("cache", file, false))))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ": is a file, not a data folder; give the folder that contains the datasets");
    }
}
