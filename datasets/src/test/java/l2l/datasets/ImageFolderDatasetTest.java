package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.tensor.Tensor;

class ImageFolderDatasetTest {

    @TempDir
    Path root;

    private void image(String relative, int value) {
        Fixtures.write(root.resolve(relative), Fixtures.gray(4, 4, (x, y) -> value));
    }

    @Test
    void classesAndImagesAreSortedByName() throws DatasetException {
        image("zebra/b.png", 10);
        image("zebra/a.png", 20);
        image("apple/only.png", 30);

        ImageFolderDataset dataset = ImageFolderDataset.open(root, new ImageSpec(1, 2, 2, false));

        assertThat(dataset.classNames()).containsExactly("apple", "zebra");
        assertThat(dataset.imageCount(0)).isEqualTo(1);
        assertThat(dataset.imageCount(1)).isEqualTo(2);
        assertThat(dataset.totalImageCount()).isEqualTo(3);
        assertThat(dataset.image(1, 0).getFlat(0)).isEqualTo(20 / 255.0);
        assertThat(dataset.image(1, 1).getFlat(0)).isEqualTo(10 / 255.0);
        assertThat(dataset.imageShape()).containsExactly(1, 2, 2);
    }

    @Test
    void decodedImagesAreCached() throws DatasetException {
        image("a/one.png", 5);
        ImageFolderDataset dataset = ImageFolderDataset.open(root, new ImageSpec(1, 4, 4, false));

        Tensor first = dataset.image(0, 0);
        Tensor second = dataset.image(0, 0);

        assertThat(second).isSameAs(first);
    }

    @Test
    void otherFilesAreSkipped() throws DatasetException, IOException {
        image("a/one.PNG", 5);
        image("a/two.jpg", 5);
        Files.writeString(root.resolve("a/notes.txt"), "not an image");
        Files.writeString(root.resolve("a/.DS_Store"), "hidden");
        Files.createDirectories(root.resolve(".hidden-class"));
        Files.writeString(root.resolve("LICENSE"), "top-level file");

        ImageFolderDataset dataset = ImageFolderDataset.open(root, new ImageSpec(1, 4, 4, false));

        assertThat(dataset.classNames()).containsExactly("a");
        assertThat(dataset.imageCount(0)).isEqualTo(2);
    }

    @Test
    void emptyClassFolderIsRejected() throws IOException {
        image("a/one.png", 5);
        Path empty = Files.createDirectories(root.resolve("b"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");

        assertThatThrownBy(() -> ImageFolderDataset.open(root, ImageSpec.rgb(84)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(empty + ": class folder has no images");
    }

    @Test
    void missingRootIsRejected() {
        Path missing = root.resolve("nowhere");

        assertThatThrownBy(() -> ImageFolderDataset.open(missing, ImageSpec.rgb(84)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(missing + ": folder not found");
    }

    @Test
    void rootWithoutClassFoldersIsRejected() throws IOException {
        Files.writeString(root.resolve("image.png"), "x");

        assertThatThrownBy(() -> ImageFolderDataset.open(root, ImageSpec.rgb(84)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(root + ": no class folders; expected the layout <root>/<class>/<image>");
    }

    @Test
    void undecodableImageIsNamedWhenRead() throws DatasetException {
        image("a/good.png", 5);
        Path bad = Fixtures.write(root.resolve("a/bad.png"), "garbage".getBytes());
        ImageFolderDataset dataset = ImageFolderDataset.open(root, new ImageSpec(1, 4, 4, false));

        assertThatThrownBy(() -> dataset.image(0, 0))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(bad + ": not an image");
    }
}
