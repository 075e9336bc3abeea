package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AreaResizeTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void integerFactorGivesBlockMeans() {
        double[] pixels = {
            1, 2, 3, 4,
            5, 6, 7, 8,
            9, 10, 11, 12,
            13, 14, 15, 16,
        };

        double[] resized = AreaResize.resize(pixels, 1, 4, 4, 2, 2);

        assertThat(resized[0]).isCloseTo((1 + 2 + 5 + 6) / 4.0, within(TOLERANCE));
        assertThat(resized[1]).isCloseTo((3 + 4 + 7 + 8) / 4.0, within(TOLERANCE));
        assertThat(resized[2]).isCloseTo((9 + 10 + 13 + 14) / 4.0, within(TOLERANCE));
        assertThat(resized[3]).isCloseTo((11 + 12 + 15 + 16) / 4.0, within(TOLERANCE));
    }

    @Test
    void omniglotFactorWeighsPartialPixels() {
        // 105 -> 28: each output pixel covers 3.75 source pixels.
        double[] row = new double[105];
        for (int i = 0; i < row.length; i++) {
            row[i] = i * i;
        }

        double[] resized = AreaResize.resize(row, 1, 1, 105, 1, 28);

        assertThat(resized[0]).isCloseTo((row[0] + row[1] + row[2] + 0.75 * row[3]) / 3.75, within(TOLERANCE));
        assertThat(resized[1]).isCloseTo((0.25 * row[3] + row[4] + row[5] + row[6] + 0.5 * row[7]) / 3.75, within(TOLERANCE));
        assertThat(resized[27]).isCloseTo((0.75 * row[101] + row[102] + row[103] + row[104]) / 3.75, within(1e-9));
    }

    @Test
    void resizeKeepsTheMean() {
        SplittableRandom random = new SplittableRandom(7);
        double[] pixels = new double[2 * 105 * 105];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextDouble();
        }

        double[] resized = AreaResize.resize(pixels, 2, 105, 105, 28, 28);

        for (int channel = 0; channel < 2; channel++) {
            double sourceMean = Arrays.stream(pixels, channel * 105 * 105, (channel + 1) * 105 * 105).average().orElseThrow();
            double resizedMean = Arrays.stream(resized, channel * 28 * 28, (channel + 1) * 28 * 28).average().orElseThrow();
            assertThat(resizedMean).as("mean of channel %d", channel).isCloseTo(sourceMean, within(TOLERANCE));
        }
    }

    @Test
    void upscalingBlendsAtBoundaries() {
        double[] resized = AreaResize.resize(new double[] {2.0, 8.0}, 1, 1, 2, 1, 3);

        assertThat(resized).containsExactly(new double[] {2.0, 5.0, 8.0}, within(TOLERANCE));
    }

    @Test
    void constantImageStaysConstant() {
        double[] pixels = new double[3 * 37 * 53];
        Arrays.fill(pixels, 0.25);

        double[] resized = AreaResize.resize(pixels, 3, 37, 53, 84, 84);

        for (double value : resized) {
            assertThat(value).isCloseTo(0.25, within(TOLERANCE));
        }
    }
}
