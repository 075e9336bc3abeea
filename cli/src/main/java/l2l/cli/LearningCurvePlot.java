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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import l2l.datasets.AtomicFiles;
import l2l.metalearner.fewshot.LearningCurve;

/**
 * Draws the learning curve of a meta-training run as a PNG with two panels over the episode axis:
 * the mean training meta-loss on top, and below the training accuracy (blue) and the validation
 * accuracy (orange, with dots), both in percent. It draws into an image in memory with
 * {@code java.awt}, which needs no display.
 */
final class LearningCurvePlot {

    static final int WIDTH = 900;
    static final int HEIGHT = 640;

    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 60;
    private static final int GAP = 50;
    private static final int BOTTOM = 45;
    private static final Color TRAINING = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xff7f0e);
    private static final Color GRID = new Color(0xdddddd);

    private LearningCurvePlot() {
    }

    /** Renders the curve; an empty curve gives empty axes. */
    static BufferedImage render(LearningCurve curve, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, WIDTH, HEIGHT);
            graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            graphics.setColor(Color.BLACK);
            graphics.drawString(title, LEFT, 22);

            long lastEpisode = 1;
            for (LearningCurve.TrainingPoint point : curve.training()) {
                lastEpisode = Math.max(lastEpisode, point.episode());
            }
            for (LearningCurve.ValidationPoint point : curve.validation()) {
                lastEpisode = Math.max(lastEpisode, point.episode());
            }
            int panelHeight = (HEIGHT - TOP - GAP - BOTTOM) / 2;
            Panel loss = new Panel(TOP, panelHeight, lastEpisode, 0, maxLoss(curve));
            Panel accuracy = new Panel(TOP + panelHeight + GAP, panelHeight, lastEpisode, 0, 100);

            loss.drawAxes(graphics, "meta-loss (query cross-entropy)");
            accuracy.drawAxes(graphics, "accuracy (%): training blue, validation orange");
            List<double[]> lossPoints = new ArrayList<>();
            List<double[]> trainingAccuracy = new ArrayList<>();
            for (LearningCurve.TrainingPoint point : curve.training()) {
                lossPoints.add(new double[] {point.episode(), point.metaLoss()});
                trainingAccuracy.add(new double[] {point.episode(), 100 * point.accuracy()});
            }
            List<double[]> validationAccuracy = new ArrayList<>();
            for (LearningCurve.ValidationPoint point : curve.validation()) {
                validationAccuracy.add(new double[] {point.episode(), 100 * point.accuracy()});
            }
            loss.drawLine(graphics, lossPoints, TRAINING, false);
            accuracy.drawLine(graphics, trainingAccuracy, TRAINING, false);
            accuracy.drawLine(graphics, validationAccuracy, VALIDATION, true);
            graphics.setColor(Color.BLACK);
            graphics.drawString("episode", WIDTH / 2 - 20, HEIGHT - 10);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /**
     * Writes the PNG to {@code file} atomically.
     *
     * @throws IOException if the file cannot be written
     */
    static void write(LearningCurve curve, String title, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(render(curve, title), "png", bytes)) {
            throw new IOException("No PNG writer is available in this Java runtime, so " + file + " cannot be written");
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private static double maxLoss(LearningCurve curve) {
        double max = 0;
        for (LearningCurve.TrainingPoint point : curve.training()) {
            max = Math.max(max, point.metaLoss());
        }
        return max > 0 ? niceCeiling(max) : 1;
    }

    /** Returns the smallest of 1, 2 or 5 times a power of ten that is at least {@code value}. */
    private static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= value) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** One plotting area: the episode axis and a value axis from {@code low} to {@code high}. */
    private record Panel(int top, int height, long lastEpisode, double low, double high) {

        int x(double episode) {
            return LEFT + (int) Math.round((WIDTH - LEFT - RIGHT) * episode / lastEpisode);
        }

        int y(double value) {
            double clamped = Math.max(low, Math.min(high, value));
            return top + height - (int) Math.round(height * (clamped - low) / (high - low));
        }

        void drawAxes(Graphics2D graphics, String label) {
            graphics.setStroke(new BasicStroke(1));
            for (int tick = 0; tick <= 4; tick++) {
                double value = low + (high - low) * tick / 4;
                graphics.setColor(GRID);
                graphics.drawLine(LEFT, y(value), WIDTH - RIGHT, y(value));
                graphics.setColor(Color.DARK_GRAY);
                graphics.drawString(String.format(Locale.ROOT, high <= 5 ? "%.2f" : "%.0f", value), 8, y(value) + 4);
            }
            for (int tick = 0; tick <= 5; tick++) {
                long episode = Math.round((double) lastEpisode * tick / 5);
                graphics.setColor(Color.DARK_GRAY);
                graphics.drawString(Long.toString(episode), x(episode) - 10, top + height + 15);
            }
            graphics.setColor(Color.BLACK);
            graphics.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, height);
            graphics.drawString(label, LEFT + 6, top - 6);
        }

        void drawLine(Graphics2D graphics, List<double[]> points, Color color, boolean dots) {
            graphics.setColor(color);
            graphics.setStroke(new BasicStroke(2));
            for (int i = 0; i < points.size(); i++) {
                int x = x(points.get(i)[0]);
                int y = y(points.get(i)[1]);
                if (i > 0) {
                    graphics.drawLine(x(points.get(i - 1)[0]), y(points.get(i - 1)[1]), x, y);
                }
                if (dots) {
                    graphics.fillOval(x - 3, y - 3, 7, 7);
                }
            }
        }
    }
}
