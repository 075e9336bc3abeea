package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TensorRandomTest {

    /** SplitMix64 (Steele, Lea and Flood 2014), written out as the reference for the generator's raw stream. */
    private static long[] splitMix64(long seed, int count) {
        long state = seed;
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            values[i] = z ^ (z >>> 31);
        }
        return values;
    }

    @Test
    void rawStreamIsSplitMix64() {
        TensorRandom random = new TensorRandom(42);
        long[] expected = splitMix64(42, 5);

        for (long value : expected) {
            assertThat(random.nextLong()).isEqualTo(value);
        }
    }

    @Test
    void nextDoubleUsesTop53Bits() {
        long first = splitMix64(7, 1)[0];

        assertThat(new TensorRandom(7).nextDouble()).isEqualTo((first >>> 11) * 0x1.0p-53);
    }

    @Test
    void sameSeedRepeats() {
        Tensor first = new TensorRandom(3).normal(0, 1, 4, 5);
        Tensor second = new TensorRandom(3).normal(0, 1, 4, 5);
        Tensor other = new TensorRandom(4).normal(0, 1, 4, 5);

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void splitStreamsRepeatAndDiffer() {
        TensorRandom parent = new TensorRandom(9);
        TensorRandom child = parent.split();
        TensorRandom parentAgain = new TensorRandom(9);
        TensorRandom childAgain = parentAgain.split();

        Tensor fromChild = child.uniform(0, 1, 100);
        Tensor fromParent = parent.uniform(0, 1, 100);

        assertThat(childAgain.uniform(0, 1, 100)).isEqualTo(fromChild);
        assertThat(parentAgain.uniform(0, 1, 100)).isEqualTo(fromParent);
        assertThat(fromChild).isNotEqualTo(fromParent);
    }

    @Test
    void uniformStaysInRangeWithRightMean() {
        Tensor values = new TensorRandom(1).uniform(-2, 3, 20000);
        double[] data = values.toArray();

        assertThat(Arrays.stream(data).min().getAsDouble()).isGreaterThanOrEqualTo(-2);
        assertThat(Arrays.stream(data).max().getAsDouble()).isLessThan(3);
        assertThat(values.mean().item()).isBetween(0.45, 0.55);
    }

    @Test
    void normalHasRequestedMoments() {
        Tensor values = new TensorRandom(2).normal(1.5, 2, 40000);

        double mean = values.mean().item();
        double variance = values.sub(mean).square().mean().item();

        assertThat(mean).isBetween(1.45, 1.55);
        assertThat(Math.sqrt(variance)).isBetween(1.96, 2.04);
    }

    @Test
    void nextIntCoversRangeUniformly() {
        TensorRandom random = new TensorRandom(5);
        int[] counts = new int[7];
        for (int i = 0; i < 70000; i++) {
            counts[random.nextInt(7)]++;
        }

        for (int count : counts) {
            assertThat(count).isBetween(9500, 10500);
        }
        assertThatThrownBy(() -> random.nextInt(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextInt: bound must be positive, got 0");
    }

    @Test
    void permutationContainsEveryIndexOnce() {
        int[] permutation = new TensorRandom(6).permutation(50);

        int[] sorted = permutation.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(permutation).isNotEqualTo(sorted);
    }

    @Test
    void invalidParametersRejected() {
        TensorRandom random = new TensorRandom(0);

        assertThatThrownBy(() -> random.uniform(1, 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uniform: need finite low < high, got [1.0, 1.0)");
        assertThatThrownBy(() -> random.normal(0, -1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("standard deviation -1.0");
    }
}
