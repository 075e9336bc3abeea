package l2l.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.datasets.ClassDataset;
import l2l.datasets.DatasetException;
import l2l.datasets.Fixtures;
import l2l.tensor.Tensor;

class MnistFolderTest {

    /** Where the Debian package dataset-fashion-mnist installs Fashion-MNIST. */
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path folder;

    private static int[] histogram(int[] labels) {
        int[] counts = new int[10];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void bundledTrainingDigitsLoad() throws DatasetException {
        Path mnist = Fixtures.bundledData().resolve("mnist-10k");

        LabelledImages train = MnistFolder.load(mnist, MnistFolder.Part.TRAIN);

        assertThat(train.size()).isEqualTo(8000);
        assertThat(train.name()).isEqualTo("mnist-10k train");
        assertThat(Arrays.copyOf(train.labels(), 8)).containsExactly(9, 3, 7, 0, 9, 7, 7, 9);
        assertThat(histogram(train.labels())).containsExactly(792, 897, 786, 846, 799, 673, 805, 860, 761, 781);
        Tensor first = train.image(0);
        assertThat(first.shape()).containsExactly(1, 28, 28);
        assertThat(first.get(0, 14, 14)).isEqualTo(253 / 255.0);
        assertThat(Arrays.stream(first.toArray()).sum() * 255).isCloseTo(28397, within(1e-9));
    }

    @Test
    void bundledTestDigitsLoad() throws DatasetException {
        Path mnist = Fixtures.bundledData().resolve("mnist-10k");

        LabelledImages test = MnistFolder.load(mnist, MnistFolder.Part.TEST);

        assertThat(test.size()).isEqualTo(2000);
        assertThat(histogram(test.labels())).containsExactly(209, 230, 205, 186, 181, 190, 209, 210, 183, 197);
        assertThat(test.flatImages().shape()).containsExactly(2000, 784);
        assertThat(test.images().shape()).containsExactly(2000, 1, 28, 28);
        for (double value : test.flatImages(new int[] {0, 1999}).toArray()) {
            assertThat(value).isBetween(0.0, 1.0);
        }
    }

    @Test
    void minibatchKeepsIndexOrder() throws DatasetException {
        LabelledImages test = MnistFolder.load(Fixtures.bundledData().resolve("mnist-10k"), MnistFolder.Part.TEST);

        Tensor batch = test.flatImages(new int[] {3, 0});

        assertThat(batch.shape()).containsExactly(2, 784);
        assertThat(test.labels(new int[] {3, 0})).containsExactly(8, 0);
        assertThat(Arrays.copyOfRange(batch.toArray(), 784, 1568)).containsExactly(test.image(0).toArray());
    }

    @Test
    void classViewGroupsByLabel() throws DatasetException {
        LabelledImages test = MnistFolder.load(Fixtures.bundledData().resolve("mnist-10k"), MnistFolder.Part.TEST);

        ClassDataset classes = test.asClassDataset();

        assertThat(classes.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(classes.imageCount(2)).isEqualTo(205);
        assertThat(classes.imageShape()).containsExactly(1, 28, 28);
        // The first test digits are labelled 0, 2, 2, so the first image of class "2" is image 1.
        assertThat(classes.image(2, 0)).isEqualTo(test.image(1));
    }

    @Test
    void fashionMnistLoadsFromDebianPackage() throws DatasetException {
        assertThat(Files.isDirectory(FASHION_MNIST))
                .withFailMessage("Fashion-MNIST is missing from %s; install it with 'sudo apt-get install dataset-fashion-mnist'",
                        FASHION_MNIST)
                .isTrue();

        LabelledImages test = MnistFolder.load(FASHION_MNIST, MnistFolder.Part.TEST);

        assertThat(MnistFolder.isMnistFolder(FASHION_MNIST)).isTrue();
        assertThat(MnistFolder.count(FASHION_MNIST, MnistFolder.Part.TRAIN)).isEqualTo(60000);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(histogram(test.labels())).containsOnly(1000);
        assertThat(Arrays.copyOf(test.labels(), 8)).containsExactly(9, 2, 1, 1, 6, 1, 4, 6);
        assertThat(test.image(0).get(0, 14, 14)).isEqualTo(110 / 255.0);
    }

    @Test
    void missingFileListsTheLayout() {
        Fixtures.write(folder.resolve("t10k-images-idx3-ubyte"), IdxFiles.unsignedBytes(new int[] {1, 2, 2}, new byte[4]));

        assertThatThrownBy(() -> MnistFolder.load(folder, MnistFolder.Part.TEST))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(folder + ": neither t10k-labels-idx1-ubyte.gz nor t10k-labels-idx1-ubyte found");
        assertThat(MnistFolder.isMnistFolder(folder)).isFalse();
    }

    @Test
    void countMismatchIsRejected() {
        Fixtures.write(folder.resolve("t10k-images-idx3-ubyte"), IdxFiles.unsignedBytes(new int[] {2, 2, 2}, new byte[8]));
        Fixtures.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.unsignedBytes(new int[] {3}, new byte[3])));

        assertThatThrownBy(() -> MnistFolder.load(folder, MnistFolder.Part.TEST))
                .isInstanceOf(DatasetException.class)
                .hasMessage(folder + ": t10k-images-idx3-ubyte has 2 images but t10k-labels-idx1-ubyte.gz has 3 labels;"
                        + " the files do not belong together");
    }

    @Test
    void labelAboveNineIsRejected() {
        Fixtures.write(folder.resolve("train-images-idx3-ubyte"), IdxFiles.unsignedBytes(new int[] {3, 2, 2}, new byte[12]));
        Path labels = Fixtures.write(folder.resolve("train-labels-idx1-ubyte.gz"),
                IdxFiles.gzip(IdxFiles.unsignedBytes(new int[] {3}, new byte[] {0, 9, 10})));

        assertThatThrownBy(() -> MnistFolder.load(folder, MnistFolder.Part.TRAIN))
                .isInstanceOf(DatasetException.class)
                .hasMessage(labels + ": label 10 at index 2 (counting from 0) is outside 0 to 9, the 10 classes of MNIST and Fashion-MNIST;"
                        + " the file is corrupt, so extract or download it again");
    }

    @Test
    void labelReaderRejectsLabelAboveNine() {
        Path labels = Fixtures.write(folder.resolve("t10k-labels-idx1-ubyte"), IdxFiles.unsignedBytes(new int[] {2}, new byte[] {42, 3}));

        assertThatThrownBy(() -> MnistFolder.labels(folder, MnistFolder.Part.TEST))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(labels + ": label 42 at index 0 (counting from 0) is outside 0 to 9");
    }

    @Test
    void imagesOfWrongRankAreRejected() {
        Path images = Fixtures.write(folder.resolve("train-images-idx3-ubyte"), IdxFiles.unsignedBytes(new int[] {2, 4}, new byte[8]));
        Fixtures.write(folder.resolve("train-labels-idx1-ubyte"), IdxFiles.unsignedBytes(new int[] {2}, new byte[2]));

        assertThatThrownBy(() -> MnistFolder.load(folder, MnistFolder.Part.TRAIN))
                .isInstanceOf(DatasetException.class)
                .hasMessage(images + ": MNIST images must be unsigned bytes of dimensions [N, height, width], found 0x08 (unsigned byte) [2, 4]");
    }
}
