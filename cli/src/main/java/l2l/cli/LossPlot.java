package l2l.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import l2l.datasets.AtomicFiles;

/**
 * Draws loss curves, one line per optimizer, against the step on a linear x axis and a
 * logarithmic y axis, and writes them as a PNG file. It draws into an image in memory, so it
 * needs no display.
 */
final class LossPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 210;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {
        new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD),
        new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F)};

    private LossPlot() {
    }

    /**
     * Writes the curves to {@code file} atomically. Non-finite and non-positive values are left out
     * of the lines, because a logarithmic axis cannot show them.
     *
     * @param curves the mean loss at steps {@code 0..steps} of every optimizer, in legend order
     */
    static void write(Path file, String title, Map<String, double[]> curves) throws IOException {
        BufferedImage image = render(title, curves);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("No PNG writer is available in this Java runtime");
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    static BufferedImage render(String title, Map<String, double[]> curves) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int steps = 1;
        for (double[] curve : curves.values()) {
            steps = Math.max(steps, curve.length - 1);
            for (double value : curve) {
                if (value > 0 && Double.isFinite(value)) {
                    low = Math.min(low, value);
                    high = Math.max(high, value);
                }
            }
        }
        if (!(low <= high)) {
            low = 0.1;
            high = 10;
        }
        double logLow = Math.floor(Math.log10(low));
        double logHigh = Math.ceil(Math.log10(high));
        if (logHigh == logLow) {
            logHigh++;
        }

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int exponent = (int) logLow; exponent <= (int) logHigh; exponent++) {
            for (int mantissa = 1; mantissa <= 9; mantissa++) {
                double logValue = exponent + Math.log10(mantissa);
                if (logValue > logHigh) {
                    break;
                }
                int y = TOP + (int) Math.round(plotHeight * (logHigh - logValue) / (logHigh - logLow));
                g.setColor(mantissa == 1 ? new Color(0xBBBBBB) : new Color(0xEEEEEE));
                g.drawLine(LEFT, y, LEFT + plotWidth, y);
                if (mantissa == 1) {
                    g.setColor(Color.DARK_GRAY);
                    String label = exponent >= -2 && exponent <= 3 ? trim(Math.pow(10, exponent)) : "1e" + exponent;
                    g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
                }
            }
        }
        int tick = niceTick(steps);
        for (int step = 0; step <= steps; step += tick) {
            int x = LEFT + (int) Math.round((double) plotWidth * step / steps);
            g.setColor(new Color(0xEEEEEE));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = Integer.toString(step);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotHeight + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        g.drawString("step", LEFT + plotWidth / 2 - 12, HEIGHT - 18);
        g.rotate(-Math.PI / 2);
        g.drawString("mean loss (log scale)", -(TOP + plotHeight / 2 + 60), 22);
        g.rotate(Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 18);

        int index = 0;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (Map.Entry<String, double[]> entry : curves.entrySet()) {
            Color color = COLORS[index % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(index == 0 ? 2.5f : 1.6f));
            double[] curve = entry.getValue();
            int previousX = -1;
            int previousY = -1;
            for (int step = 0; step < curve.length; step++) {
                double value = curve[step];
                if (!(value > 0) || !Double.isFinite(value)) {
                    previousX = -1;
                    continue;
                }
                int x = LEFT + (int) Math.round((double) plotWidth * step / steps);
                double clamped = Math.max(logLow, Math.min(logHigh, Math.log10(value)));
                int y = TOP + (int) Math.round(plotHeight * (logHigh - clamped) / (logHigh - logLow));
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            int legendY = TOP + 20 + 22 * index;
            g.drawLine(LEFT + plotWidth + 15, legendY - 4, LEFT + plotWidth + 40, legendY - 4);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), LEFT + plotWidth + 46, legendY);
            index++;
        }
        g.dispose();
        return image;
    }

    private static int niceTick(int steps) {
        for (int tick : new int[] {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000}) {
            if (steps / tick <= 10) {
                return tick;
            }
        }
        return Math.max(1, steps / 10);
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

}
