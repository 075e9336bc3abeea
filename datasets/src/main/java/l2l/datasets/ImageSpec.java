package l2l.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorSizeException;

/**
 * The conversion of an encoded image (PNG, JPEG, BMP or GIF) into a tensor: the channel count, the
 * size after resizing, and whether values are inverted.
 *
 * <p>{@link #decode} produces a tensor of shape {@code [channels, height, width]} with values in
 * {@code [0, 1]}, in four steps:
 *
 * <ol>
 *   <li>decode with {@code javax.imageio};
 *   <li>convert to the channel count: one channel is the luma {@code 0.299 R + 0.587 G + 0.114 B}
 *       of ITU-R BT.601 (a grayscale source is used as it is), three channels are R, G, B (a
 *       grayscale source is repeated); transparency is ignored;
 *   <li>resize by area averaging when the size differs: every output pixel is the mean of the
 *       source area it covers, each source pixel weighted by the exact fraction of it inside that
 *       area, so the mean brightness is kept; the aspect ratio is not kept;
 *   <li>invert ({@code v -> 1 - v}) when {@code inverted} is set, so that Omniglot's black strokes
 *       on white become 1.0 on a background of 0.0.
 * </ol>
 *
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param height output height in pixels
 * @param width output width in pixels
 * @param inverted whether each value v becomes 1 - v
 */
public record ImageSpec(int channels, int height, int width, boolean inverted) {

    /** The default side of Omniglot images after resizing: 28 pixels. */
    public static final int OMNIGLOT_SIZE = 28;

    /** The side of miniImageNet images in the split format of Ravi and Larochelle (2017): 84 pixels. */
    public static final int MINI_IMAGENET_SIZE = 84;

    /**
     * Validates the fields.
     *
     * @throws TensorSizeException when one image would have more values than the maximum Java array length
     */
    public ImageSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("ImageSpec: channels must be 1 (grayscale) or 3 (RGB), got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("ImageSpec: height and width must be at least 1, got " + height + "x" + width);
        }
        Shapes.size(channels, height, width);
    }

    /** Returns the spec for Omniglot: one inverted channel (strokes 1.0), {@code side x side} pixels. */
    public static ImageSpec omniglot(int side) {
        return new ImageSpec(1, side, side, true);
    }

    /** Returns the spec for RGB images of {@code side x side} pixels, not inverted, as used for miniImageNet. */
    public static ImageSpec rgb(int side) {
        return new ImageSpec(3, side, side, false);
    }

    /** Returns the tensor shape {@code [channels, height, width]} of decoded images. */
    public int[] shape() {
        return new int[] {channels, height, width};
    }

    /**
     * Reads and decodes the image file {@code file}.
     *
     * @throws DatasetException when the file is missing, unreadable or not a decodable image
     */
    public Tensor read(Path file) throws DatasetException {
        byte[] encoded;
        try {
            encoded = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "image file not found", e);
        } catch (IOException e) {
            throw new DatasetException(file, "failed to read the image file: " + e.getMessage(), e);
        }
        return decode(encoded, file.toString());
    }

    /**
     * Decodes the encoded image {@code encoded}; {@code source} names where it came from (a file, or
     * an archive and entry) in error messages.
     *
     * @throws DatasetException when the bytes are not a decodable PNG, JPEG, BMP or GIF image
     */
    public Tensor decode(byte[] encoded, String source) throws DatasetException {
        BufferedImage image = decodeImage(encoded, source);
        int sourceHeight = image.getHeight();
        int sourceWidth = image.getWidth();
        double[] pixels = toChannels(image, channels);
        if (sourceHeight != height || sourceWidth != width) {
            pixels = AreaResize.resize(pixels, channels, sourceHeight, sourceWidth, height, width);
        }
        if (inverted) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 1.0 - pixels[i];
            }
        }
        return Tensor.of(pixels, channels, height, width);
    }

    private static BufferedImage decodeImage(byte[] encoded, String source) throws DatasetException {
        // A memory-cached stream, so that ImageIO writes no temporary files and no global setting changes.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new DatasetException(source + ": not an image in a known format (PNG, JPEG, BMP or GIF); "
                        + encoded.length + " bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DatasetException(source + ": failed to decode the image (" + e.getMessage() + "); the file is corrupt, truncated or in an unsupported variant of its format", e);
        } catch (RuntimeException e) {
            // The JDK's decoders throw unchecked exceptions on some malformed inputs, for example
            // IllegalArgumentException for impossible dimensions.
            throw new DatasetException(source + ": failed to decode the image (" + e + "); the file is corrupt", e);
        }
    }

    /** Returns the pixels as {@code [channels, height, width]} values in [0, 1], at the source size. */
    private static double[] toChannels(BufferedImage image, int channels) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        double[] pixels = new double[channels * plane];
        ColorModel colorModel = image.getColorModel();
        boolean gray = !(colorModel instanceof IndexColorModel) && colorModel.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (gray) {
            // Raw samples: getRGB would pass linear gray through a colour conversion and change the values.
            Raster raster = image.getRaster();
            double maximum = (1L << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double value = raster.getSample(x, y, 0) / maximum;
                    for (int channel = 0; channel < channels; channel++) {
                        pixels[channel * plane + y * width + x] = value;
                    }
                }
            }
            return pixels;
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < plane; i++) {
            int red = (argb[i] >> 16) & 0xFF;
            int green = (argb[i] >> 8) & 0xFF;
            int blue = argb[i] & 0xFF;
            if (channels == 1) {
                pixels[i] = (0.299 * red + 0.587 * green + 0.114 * blue) / 255.0;
            } else {
                pixels[i] = red / 255.0;
                pixels[plane + i] = green / 255.0;
                pixels[2 * plane + i] = blue / 255.0;
            }
        }
        return pixels;
    }
}
