package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.tensor.Tensor;
import l2l.tensor.TensorSizeException;

class ImageSpecTest {

    private static final double TOLERANCE = 1e-12;

    @TempDir
    Path folder;

    @Test
    void grayscalePngKeepsExactValues() throws DatasetException {
        byte[] png = Fixtures.encode(Fixtures.gray(3, 2, (x, y) -> 40 * x + 100 * y), "png");

        Tensor image = new ImageSpec(1, 2, 3, false).decode(png, "gray.png");

        assertThat(image.shape()).containsExactly(1, 2, 3);
        assertThat(image.toArray()).containsExactly(new double[] {0, 40 / 255.0, 80 / 255.0, 100 / 255.0, 140 / 255.0, 180 / 255.0},
                within(TOLERANCE));
    }

    @Test
    void invertedSpecMapsBlackToOne() throws DatasetException {
        byte[] png = Fixtures.encode(Fixtures.gray(2, 1, (x, y) -> x == 0 ? 0 : 255), "png");

        Tensor image = new ImageSpec(1, 1, 2, true).decode(png, "strokes.png");

        assertThat(image.toArray()).containsExactly(1.0, 0.0);
    }

    @Test
    void oneBitPngDecodesToZeroAndOne() throws DatasetException {
        BufferedImage binary = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY);
        binary.getRaster().setSample(1, 0, 0, 1);
        binary.getRaster().setSample(3, 0, 0, 1);

        Tensor image = new ImageSpec(1, 1, 4, false).decode(Fixtures.encode(binary, "png"), "binary.png");

        assertThat(image.toArray()).containsExactly(0.0, 1.0, 0.0, 1.0);
    }

    @Test
    void rgbToOneChannelUsesLuma() throws DatasetException {
        byte[] png = Fixtures.encode(Fixtures.rgb(3, 1, (x, y) -> 0xFF << (8 * (2 - x))), "png");

        Tensor image = new ImageSpec(1, 1, 3, false).decode(png, "colours.png");

        assertThat(image.toArray()).containsExactly(new double[] {0.299, 0.587, 0.114}, within(TOLERANCE));
    }

    @Test
    void rgbKeepsChannelsFirst() throws DatasetException {
        byte[] png = Fixtures.encode(Fixtures.rgb(2, 1, (x, y) -> x == 0 ? 0x336699 : 0xFF0000), "png");

        Tensor image = ImageSpec.rgb(1).decode(png, "colours.png");

        assertThat(image.shape()).containsExactly(3, 1, 1);
        // Area averaging over the two pixels, channel by channel.
        assertThat(image.toArray()).containsExactly(new double[] {(0x33 + 0xFF) / 510.0, 0x66 / 510.0, 0x99 / 510.0},
                within(TOLERANCE));
    }

    @Test
    void grayscaleToRgbRepeatsTheChannel() throws DatasetException {
        byte[] png = Fixtures.encode(Fixtures.gray(1, 1, (x, y) -> 51), "png");

        Tensor image = new ImageSpec(3, 1, 1, false).decode(png, "gray.png");

        assertThat(image.toArray()).containsExactly(0.2, 0.2, 0.2);
    }

    @Test
    void jpegDecodesCloseToItsColour() throws DatasetException {
        byte[] jpeg = Fixtures.encode(Fixtures.rgb(16, 16, (x, y) -> 0x808080), "jpg");

        Tensor image = ImageSpec.rgb(8).decode(jpeg, "gray.jpg");

        assertThat(image.shape()).containsExactly(3, 8, 8);
        for (double value : image.toArray()) {
            assertThat(value).isCloseTo(128 / 255.0, within(2 / 255.0));
        }
    }

    @Test
    void resizeAppliesToDecodedImages() throws DatasetException {
        byte[] png = Fixtures.encode(Fixtures.gray(4, 4, (x, y) -> x < 2 && y < 2 ? 255 : 0), "png");

        Tensor image = new ImageSpec(1, 2, 2, false).decode(png, "quadrant.png");

        assertThat(image.toArray()).containsExactly(1.0, 0.0, 0.0, 0.0);
    }

    @Test
    void bytesThatAreNoImageAreRejected() {
        ImageSpec spec = ImageSpec.omniglot(28);

        assertThatThrownBy(() -> spec.decode("not an image".getBytes(), "notes.png"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("notes.png: not an image in a known format");
    }

    @Test
    void truncatedPngIsRejected() {
        byte[] png = Fixtures.encode(Fixtures.gray(64, 64, (x, y) -> (x * 7 + y * 13) % 256), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> ImageSpec.omniglot(28).decode(truncated, "half.png"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("half.png: failed to decode the image");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = folder.resolve("missing.png");

        assertThatThrownBy(() -> ImageSpec.omniglot(28).read(missing))
                .isInstanceOf(DatasetException.class)
                .hasMessage(missing + ": image file not found");
    }

    @Test
    void invalidSpecIsRejected() {
        assertThatThrownBy(() -> new ImageSpec(2, 28, 28, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels must be 1 (grayscale) or 3 (RGB), got 2");
        assertThatThrownBy(() -> new ImageSpec(1, 0, 28, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0x28");
    }

    @Test
    void imageBeyondJavaArrayIsRejected() {
        assertThatThrownBy(() -> ImageSpec.omniglot(100000))
                .isInstanceOf(TensorSizeException.class)
                .hasMessage("Shape [1, 100000, 100000] has more than 2147483639 elements, the most one Java array holds");
        assertThat(ImageSpec.rgb(26000).shape()).containsExactly(3, 26000, 26000);
    }
}
