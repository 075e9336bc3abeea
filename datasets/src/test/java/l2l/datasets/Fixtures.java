package l2l.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;

import javax.imageio.ImageIO;

/** Generated images and files for the tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Returns the repository root, from the system property {@code l2l.root} that the build sets. */
    public static Path repositoryRoot() {
        String root = System.getProperty("l2l.root");
        if (root == null) {
            throw new IllegalStateException("System property l2l.root is not set; run the tests through Maven from the repository root");
        }
        return Path.of(root);
    }

    /** Returns the bundled data folder {@code <l2l.root>/data}. */
    public static Path bundledData() {
        return repositoryRoot().resolve("data");
    }

    /** Returns an 8-bit grayscale image whose pixel (x, y) is {@code value.applyAsInt(x, y)} in 0..255. */
    public static BufferedImage gray(int width, int height, IntBinaryOperator value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** Returns an RGB image whose pixel (x, y) is {@code rgb.applyAsInt(x, y)} as 0xRRGGBB. */
    public static BufferedImage rgb(int width, int height, IntBinaryOperator rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** Returns the image encoded in {@code format} ("png", "jpg", "bmp"). */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("No ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the image to {@code file} in the format of its extension, creating parent folders. */
    public static Path write(Path file, BufferedImage image) {
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1);
        return write(file, encode(image, format));
    }

    /** Writes {@code bytes} to {@code file}, creating parent folders. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
