package l2l.datasets.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.datasets.ClassSplit;
import l2l.datasets.DatasetException;
import l2l.datasets.Episode;
import l2l.datasets.EpisodeSampler;
import l2l.datasets.EpisodeShape;
import l2l.datasets.Fixtures;
import l2l.datasets.MetaSplit;
import l2l.datasets.OmniglotDataset;
import l2l.tensor.Tensor;

class EpisodeGridTest {

    @TempDir
    Path folder;

    /** A 2-way 1-shot episode with one query of 2x2 images: label 0 all white, label 1 all black. */
    private static Episode tiny() {
        Tensor support = Tensor.of(new double[] {0, 0, 0, 0, 1, 1, 1, 1}, 2, 1, 2, 2);
        Tensor query = Tensor.of(new double[] {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5}, 2, 1, 2, 2);
        return new Episode(0, support, new int[] {1, 0}, query, new int[] {0, 1}, 2, 1, 1, List.of("a", "b"));
    }

    @Test
    void rowsHoldImagesOfTheirLabel() {
        BufferedImage image = EpisodeGrid.render(tiny(), "T", 4);

        // Text is 12 pixels per character at text scale 2, less the last blank column: the labels
        // "0  a" are 46 pixels wide, the headers "support (1)" 130 and "query (1)" 106.
        int supportLeft = 12 + 46 + 12;
        int gridTop = 12 + 14 + 12 + 14 + 6;
        int barLeft = supportLeft + 130 + 12;
        int queryLeft = barLeft + 4 + 12;
        assertThat(image.getRGB(supportLeft + 1, gridTop + 1) & 0xFFFFFF).as("support of label 0").isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(supportLeft + 1, gridTop + 14 + 1) & 0xFFFFFF).as("support of label 1").isEqualTo(0x000000);
        assertThat(image.getRGB(queryLeft + 1, gridTop + 1) & 0xFFFFFF).as("query of label 0").isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(queryLeft + 1, gridTop + 14 + 1) & 0xFFFFFF).as("query of label 1").isEqualTo(0x808080);
        assertThat(image.getRGB(barLeft + 1, gridTop + 1) & 0xFFFFFF).as("bar between support and query").isEqualTo(0xFF8C00);
        assertThat(image.getRGB(supportLeft + 8 + 2, gridTop + 1) & 0xFFFFFF).as("space right of the support image").isEqualTo(0x202020);
        assertThat(image.getWidth()).isEqualTo(queryLeft + 106 + 12);
        assertThat(image.getHeight()).isEqualTo(gridTop + 8 + 6 + 8 + 12);
    }

    @Test
    void labelsAreDrawn() {
        BufferedImage image = EpisodeGrid.render(tiny(), "T", 4);

        // The top bar of the letter T spans the first text row of the title.
        assertThat(image.getRGB(12, 12) & 0xFFFFFF).isEqualTo(0xE0E0E0);
        assertThat(image.getRGB(12 + 9, 12) & 0xFFFFFF).isEqualTo(0xE0E0E0);
        assertThat(image.getRGB(12, 12 + 4) & 0xFFFFFF).as("below the bar, left of the stem").isEqualTo(0x202020);
    }

    @Test
    void bundledOmniglotEpisodeWritesPng() throws DatasetException, IOException {
        Path omniglot = Fixtures.bundledData().resolve("omniglot");
        OmniglotDataset dataset = OmniglotDataset.open(OmniglotDataset.findSources(omniglot, OmniglotDataset.BACKGROUND));
        MetaSplit split = dataset.split(ClassSplit.read(omniglot.resolve(ClassSplit.OMNIGLOT_DEFAULT_FILE)));
        Episode episode = EpisodeSampler.create(split.train(), new EpisodeShape(5, 1, 5), 0).next();
        Path png = folder.resolve("episode.png");

        EpisodeGrid.write(episode, "omniglot train 5-way 1-shot", EpisodeGrid.DEFAULT_SCALE, png);

        BufferedImage written = ImageIO.read(png.toFile());
        assertThat(written.getHeight()).isEqualTo(12 + 14 + 12 + 14 + 6 + 5 * (84 + 6) - 6 + 12);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()).collect(Collectors.toList())).containsExactly("episode.png");
        }
    }

    @Test
    void pictureBeyondJavaArrayIsRejected() {
        // At scale 100000 each 2x2 image is a square of 200000 pixels a side. Two rows and two columns of
        // them, with the labels, headers, bar, gaps and margins, make the picture 400110 x 400076 pixels.
        assertThatThrownBy(() -> EpisodeGrid.render(tiny(), "T", 100000))
                .isInstanceOf(PictureSizeException.class)
                .hasMessage("the picture would be 400110 x 400076 pixels, more than the maximum Java array length of 2147483639");
    }

    @Test
    void pictureBeyondHeapIsRejected() {
        // At scale 10000 the picture is 40110 x 40076 pixels: within one array, but its two int
        // buffers need 12,859,586,880 bytes, more than the heap of a test JVM on a machine below 48 GiB.
        long bytes = 8L * 40110 * 40076;
        long heap = Runtime.getRuntime().maxMemory();
        assumeTrue(heap < bytes, "the heap holds a picture of " + bytes + " bytes");

        assertThatThrownBy(() -> EpisodeGrid.render(tiny(), "T", 10000))
                .isInstanceOf(PictureSizeException.class)
                .hasMessage("the picture would be 40110 x 40076 pixels, whose two pixel buffers need 12264 MiB, more than the Java "
                        + "heap's maximum of " + (heap + (1 << 20) - 1) / (1 << 20) + " MiB");
    }

    @Test
    void imageBeyondJavaArrayAtMaximumScale() {
        // One image side alone, 2 * Integer.MAX_VALUE pixels, exceeds the limit, so the picture is reported by that lower bound.
        assertThatThrownBy(() -> EpisodeGrid.render(tiny(), "T", Integer.MAX_VALUE))
                .isInstanceOf(PictureSizeException.class)
                .hasMessage("the picture would be at least 4294967294 x 4294967294 pixels, more than the maximum Java array length of "
                        + "2147483639");
    }

    @Test
    void scaleBelowOneIsRejected() {
        assertThatThrownBy(() -> EpisodeGrid.render(tiny(), "T", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EpisodeGrid: scale must be at least 1, got 0");
    }
}
