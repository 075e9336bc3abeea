package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.tensor.Tensor;

/** Tests on a generated folder in the exact layout of Ravi and Larochelle's miniImageNet split. */
class MiniImageNetTest {

    @TempDir
    Path root;

    /** Colour of image {@code i} of class {@code c}: red from the class, green from the image. */
    private static int colour(int classNumber, int image) {
        return (40 * classNumber) << 16 | (30 * image) << 8 | 0x80;
    }

    /** Writes a CSV file and its images: classes {@code n0000000<first>} onwards, three images each, alternating JPEG and PNG. */
    private void part(String csv, int firstClass, int classes) throws IOException {
        List<String> lines = new ArrayList<>(List.of(MiniImageNet.HEADER));
        // Listed in reverse class order, so that the test sees classes sorted by label.
        for (int c = firstClass + classes - 1; c >= firstClass; c--) {
            String label = String.format("n%08d", c);
            for (int i = 0; i < 3; i++) {
                String extension = i % 2 == 0 ? "png" : "jpg";
                String file = label + String.format("%08d", i) + "." + extension;
                int rgb = colour(c, i);
                Fixtures.write(root.resolve("images").resolve(file), Fixtures.rgb(100 + 10 * i, 90, (x, y) -> rgb));
                lines.add(file + "," + label);
            }
        }
        Files.write(root.resolve(csv), lines);
    }

    @BeforeEach
    void writeFixture() throws IOException {
        part("train.csv", 0, 4);
        part("val.csv", 4, 2);
        part("test.csv", 6, 2);
    }

    @Test
    void partsListTheirClasses() throws DatasetException {
        MetaSplit split = MiniImageNet.open(root);

        assertThat(MiniImageNet.isMiniImageNetFolder(root)).isTrue();
        assertThat(split.train().classNames()).containsExactly("n00000000", "n00000001", "n00000002", "n00000003");
        assertThat(split.val().classNames()).containsExactly("n00000004", "n00000005");
        assertThat(split.test().classNames()).containsExactly("n00000006", "n00000007");
        assertThat(split.train().imageCount(3)).isEqualTo(3);
        assertThat(split.train().imageShape()).containsExactly(3, 84, 84);
    }

    @Test
    void imagesBecomeRgbTensors() throws DatasetException {
        ClassDataset val = MiniImageNet.openPart(root, SplitPart.VAL, ImageSpec.rgb(84));

        Tensor png = val.image(1, 0);
        Tensor jpeg = val.image(1, 1);

        assertThat(png.shape()).containsExactly(3, 84, 84);
        // A uniform colour survives resizing exactly in PNG and within JPEG's rounding.
        assertThat(png.get(0, 10, 10)).isCloseTo(200 / 255.0, within(1e-12));
        assertThat(png.get(1, 10, 10)).isCloseTo(0.0, within(1e-12));
        assertThat(png.get(2, 83, 83)).isCloseTo(128 / 255.0, within(1e-12));
        assertThat(jpeg.get(0, 40, 40)).isCloseTo(200 / 255.0, within(4 / 255.0));
        assertThat(jpeg.get(1, 40, 40)).isCloseTo(30 / 255.0, within(4 / 255.0));
    }

    @Test
    void episodesDrawFromAPart() throws DatasetException {
        MetaSplit split = MiniImageNet.open(root, ImageSpec.rgb(16));

        Episode episode = EpisodeSampler.create(split.train(), new EpisodeShape(3, 1, 2), 9).next();

        assertThat(episode.supportImages().shape()).containsExactly(3, 3, 16, 16);
        assertThat(episode.queryImages().shape()).containsExactly(6, 3, 16, 16);
    }

    @Test
    void csvNamingMissingImageIsRejected() throws IOException {
        Path csv = root.resolve("test.csv");
        Files.writeString(csv, MiniImageNet.HEADER + "\nn0000000600000000.png,n00000006\nabsent.jpg,n00000006\n");

        assertThatThrownBy(() -> MiniImageNet.open(root))
                .isInstanceOf(DatasetException.class)
                .hasMessage(csv + ": line 3: image " + root.resolve("images/absent.jpg") + " not found");
    }

    @Test
    void wrongHeaderIsRejected() throws IOException {
        Path csv = root.resolve("val.csv");
        Files.writeString(csv, "file,class\nx.jpg,n1\n");

        assertThatThrownBy(() -> MiniImageNet.openPart(root, SplitPart.VAL, ImageSpec.rgb(84)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(csv + ": line 1: expected the header 'filename,label', found 'file,class'");
    }

    @Test
    void lineWithExtraFieldIsRejected() throws IOException {
        Path csv = root.resolve("val.csv");
        Files.writeString(csv, "\uFEFFfilename,label\nn0000000400000000.png,n00000004,extra\n");

        assertThatThrownBy(() -> MiniImageNet.openPart(root, SplitPart.VAL, ImageSpec.rgb(84)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(csv + ": line 2: expected 'filename,label', found 'n0000000400000000.png,n00000004,extra'");
    }

    @Test
    void missingCsvIsRejected() throws IOException {
        Path csv = root.resolve("train.csv");
        Files.delete(csv);

        assertThat(MiniImageNet.isMiniImageNetFolder(root)).isFalse();
        assertThatThrownBy(() -> MiniImageNet.open(root))
                .isInstanceOf(DatasetException.class)
                .hasMessage(csv + ": CSV file not found; miniImageNet needs train.csv, val.csv and test.csv");
    }

    @Test
    void undecodableImageIsNamedOnUse() throws IOException, DatasetException {
        Path image = root.resolve("images/n0000000400000000.png");
        Files.writeString(image, "not a PNG");
        ClassDataset val = MiniImageNet.openPart(root, SplitPart.VAL, ImageSpec.rgb(84));

        assertThatThrownBy(() -> val.image(0, 0))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(image + ": not an image");
    }
}
