package l2l.datasets.view;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import l2l.datasets.AtomicFiles;
import l2l.datasets.DatasetException;
import l2l.datasets.Episode;

/**
 * A picture of one episode as the model receives it, for people to check the data: one row per
 * label, headed by the label and its class name, with the row's support images, an orange bar, and
 * its query images.
 *
 * <p>Images are drawn at {@code scale} pixels per image pixel, with the values the model receives:
 * a value of 0.0 is black and 1.0 white (so Omniglot strokes are white), and three-channel images
 * in colour. Values outside [0, 1] are clipped. The title and labels use a built-in pixel font, so the
 * picture needs no system fonts and comes out the same on every machine.
 */
public final class EpisodeGrid {

    /** The default number of picture pixels per image pixel. */
    public static final int DEFAULT_SCALE = 3;

    private static final int TEXT_SCALE = 2;
    private static final int TEXT_HEIGHT = PixelFont.HEIGHT * TEXT_SCALE;
    private static final int MARGIN = 12;
    private static final int GAP = 6;
    private static final int BAR_WIDTH = 4;

    private static final int BACKGROUND = 0x202020;
    private static final int FRAME = 0x505050;
    private static final int TEXT = 0xE0E0E0;
    private static final int BAR = 0xFF8C00;

    private EpisodeGrid() {
    }

    /**
     * Draws the episode under {@code title}, each image pixel as a {@code scale x scale} square.
     *
     * @throws PictureSizeException when the picture would have more pixels than the maximum Java
     *     array length, or pixel buffers larger than the maximum heap
     */
    public static BufferedImage render(Episode episode, String title, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("EpisodeGrid: scale must be at least 1, got " + scale);
        }
        int[] imageShape = episode.imageShape();
        String supportHeader = "support (" + episode.shots() + ")";
        String queryHeader = "query (" + episode.queries() + ")";
        Layout layout = Layout.of(episode, title, supportHeader, queryHeader, scale);
        int width = layout.width();
        int height = layout.height();
        int cellHeight = layout.cellHeight();
        int cellWidth = layout.cellWidth();
        int gridTop = layout.gridTop();

        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, BACKGROUND);
        PixelFont.draw(pixels, width, MARGIN, MARGIN, title, TEXT_SCALE, TEXT);
        PixelFont.draw(pixels, width, layout.supportLeft(), layout.headerTop(), supportHeader, TEXT_SCALE, TEXT);
        if (episode.queries() > 0) {
            PixelFont.draw(pixels, width, layout.queryLeft(), layout.headerTop(), queryHeader, TEXT_SCALE, TEXT);
            fill(pixels, width, layout.barLeft(), layout.headerTop(), BAR_WIDTH, height - MARGIN - layout.headerTop(), BAR);
        }

        int[] supportColumns = new int[episode.ways()];
        int[] queryColumns = new int[episode.ways()];
        int[] supportLabels = episode.supportLabels();
        int[] queryLabels = episode.queryLabels();
        double[] support = episode.supportImages().toArray();
        double[] query = episode.queryImages().toArray();
        for (int label = 0; label < episode.ways(); label++) {
            int top = gridTop + label * (cellHeight + GAP);
            PixelFont.draw(pixels, width, MARGIN, top + (cellHeight - TEXT_HEIGHT) / 2, rowLabel(episode, label), TEXT_SCALE, TEXT);
        }
        for (int row = 0; row < supportLabels.length; row++) {
            int label = supportLabels[row];
            int left = layout.supportLeft() + supportColumns[label]++ * (cellWidth + GAP);
            drawImage(pixels, width, left, gridTop + label * (cellHeight + GAP), support, row, imageShape, scale);
        }
        for (int row = 0; row < queryLabels.length; row++) {
            int label = queryLabels[row];
            int left = layout.queryLeft() + queryColumns[label]++ * (cellWidth + GAP);
            drawImage(pixels, width, left, gridTop + label * (cellHeight + GAP), query, row, imageShape, scale);
        }

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, pixels, 0, width);
        return image;
    }

    /** Returns the picture encoded as PNG. */
    public static byte[] png(Episode episode, String title, int scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(render(episode, title, scale), "png", out)) {
                throw new IllegalStateException("EpisodeGrid: this Java runtime has no PNG writer in javax.imageio");
            }
        } catch (IOException e) {
            // Writing to memory does not fail with an I/O error.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the picture as a PNG file, atomically.
     *
     * @throws DatasetException when the file cannot be written
     */
    public static void write(Episode episode, String title, int scale, Path file) throws DatasetException {
        try {
            AtomicFiles.write(file, png(episode, title, scale));
        } catch (IOException e) {
            // AtomicFiles names the path in its message and DatasetException names it too, so report only the cause's reason.
            IOException cause = e.getCause() instanceof IOException original ? original : e;
            throw new DatasetException(file, "failed to write the PNG file: " + AtomicFiles.reason(cause), e);
        }
    }

    /**
     * The positions and sizes of the picture's parts, in picture pixels. It gives the size of an
     * image cell, the left edges of the support images, the bar and the query images, the tops of
     * the column headers and of the first row, and the size of the whole picture.
     */
    private record Layout(int cellWidth, int cellHeight, int supportLeft, int barLeft, int queryLeft, int headerTop, int gridTop,
            int width, int height) {

        /**
         * Lays out the picture, computing in long so that a picture beyond an int array is reported
         * rather than wrapped around to a negative size.
         *
         * @throws PictureSizeException when the picture would have more pixels than the maximum Java
         *     array length, or pixel buffers larger than the maximum heap
         */
        static Layout of(Episode episode, String title, String supportHeader, String queryHeader, int scale) {
            int[] imageShape = episode.imageShape();
            long cellHeight = (long) imageShape[1] * scale;
            long cellWidth = (long) imageShape[2] * scale;
            if (cellHeight > PictureSizeException.MAX_PIXELS || cellWidth > PictureSizeException.MAX_PIXELS) {
                // One image alone is too large. Stopping here also keeps the sums and products below within a long.
                throw new PictureSizeException(cellWidth, cellHeight, false);
            }
            int shots = episode.shots();
            int queries = episode.queries();

            int labelWidth = 0;
            for (int label = 0; label < episode.ways(); label++) {
                labelWidth = Math.max(labelWidth, PixelFont.width(rowLabel(episode, label), TEXT_SCALE));
            }
            long supportLeft = MARGIN + labelWidth + 2 * GAP;
            long supportWidth = Math.max(shots * (cellWidth + GAP) - GAP, PixelFont.width(supportHeader, TEXT_SCALE));
            long barLeft = supportLeft + supportWidth + 2 * GAP;
            long queryLeft = barLeft + BAR_WIDTH + 2 * GAP;
            long queryWidth = Math.max(queries * (cellWidth + GAP) - GAP, PixelFont.width(queryHeader, TEXT_SCALE));
            long gridRight = queries == 0 ? supportLeft + supportWidth : queryLeft + queryWidth;
            long width = Math.max(gridRight + MARGIN, 2 * MARGIN + PixelFont.width(title, TEXT_SCALE));
            long headerTop = MARGIN + TEXT_HEIGHT + 2 * GAP;
            long gridTop = headerTop + TEXT_HEIGHT + GAP;
            long height = gridTop + episode.ways() * (cellHeight + GAP) - GAP + MARGIN;

            // Each side is at most MAX_PIXELS when the product is computed, so the product fits in a long.
            if (width > PictureSizeException.MAX_PIXELS || height > PictureSizeException.MAX_PIXELS
                    || width * height > PictureSizeException.MAX_PIXELS) {
                throw new PictureSizeException(width, height, true);
            }
            // The picture is drawn into an int array and copied into the image's own int raster.
            long bytes = 2L * Integer.BYTES * width * height;
            long heapBytes = Runtime.getRuntime().maxMemory();
            if (bytes > heapBytes) {
                throw new PictureSizeException(width, height, bytes, heapBytes);
            }
            return new Layout((int) cellWidth, (int) cellHeight, (int) supportLeft, (int) barLeft, (int) queryLeft, (int) headerTop,
                    (int) gridTop, (int) width, (int) height);
        }
    }

    /** Returns the label, right-aligned to the widest label, and its class name, such as {@code " 3  Greek/character07"}. */
    private static String rowLabel(Episode episode, int label) {
        int digits = Integer.toString(episode.ways() - 1).length();
        return String.format("%" + digits + "d  %s", label, episode.classNames().get(label));
    }

    /** Draws image {@code row} of {@code values} ({@code [rows, C, H, W]}) with a one-pixel frame. */
    private static void drawImage(int[] pixels, int width, int left, int top, double[] values, int row, int[] imageShape, int scale) {
        int channels = imageShape[0];
        int height = imageShape[1];
        int imageWidth = imageShape[2];
        int plane = height * imageWidth;
        int offset = row * channels * plane;
        fill(pixels, width, left - 1, top - 1, imageWidth * scale + 2, height * scale + 2, FRAME);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < imageWidth; x++) {
                int red = level(values[offset + y * imageWidth + x]);
                int rgb = channels >= 3
                        ? red << 16 | level(values[offset + plane + y * imageWidth + x]) << 8 | level(values[offset + 2 * plane + y * imageWidth + x])
                        : red << 16 | red << 8 | red;
                fill(pixels, width, left + x * scale, top + y * scale, scale, scale, rgb);
            }
        }
    }

    /** Returns the 8-bit level of a value in [0, 1], clipping values outside and treating NaN as 0. */
    private static int level(double value) {
        if (!(value > 0)) {
            return 0;
        }
        return value >= 1 ? 255 : (int) Math.round(value * 255);
    }

    private static void fill(int[] pixels, int width, int left, int top, int rectangleWidth, int rectangleHeight, int rgb) {
        int height = pixels.length / width;
        for (int y = Math.max(0, top); y < Math.min(height, top + rectangleHeight); y++) {
            for (int x = Math.max(0, left); x < Math.min(width, left + rectangleWidth); x++) {
                pixels[y * width + x] = rgb;
            }
        }
    }
}
