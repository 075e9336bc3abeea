package l2l.tensor;

import java.util.SplittableRandom;

/**
 * A seeded source of random tensors and integers.
 *
 * <p>The same seed gives the same values on every machine and JVM: every value derives from
 * {@link SplittableRandom#nextLong()} (the SplitMix64 generator) through arithmetic written here,
 * and normal deviates use {@link StrictMath}, whose results are fixed across platforms.
 *
 * <p>An instance is not thread-safe. Give every thread or task its own stream with
 * {@link #split()}, which returns a generator statistically independent of this one; splitting
 * in a fixed order keeps a whole run repeatable.
 */
public final class TensorRandom {

    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    /** Creates a generator whose values are determined by {@code seed}. */
    public TensorRandom(long seed) {
        this(new SplittableRandom(seed));
    }

    private TensorRandom(SplittableRandom random) {
        this.random = random;
    }

    /** Returns a new generator, independent of this one, and advances this one. */
    public TensorRandom split() {
        return new TensorRandom(random.split());
    }

    /** Returns a uniformly distributed double in {@code [0, 1)}, a multiple of 2^-53. */
    public double nextDouble() {
        return (random.nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Returns a uniformly distributed long over all 2^64 values. */
    public long nextLong() {
        return random.nextLong();
    }

    /** Returns a uniformly distributed integer in {@code [0, bound)}. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        // Rejects the top, incomplete run of multiples of bound so every residue is equally likely.
        long bits;
        long value;
        do {
            bits = random.nextLong() >>> 1;
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0);
        return (int) value;
    }

    /** Returns a standard normal deviate (mean 0, standard deviation 1), by Marsaglia's polar method. */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double scale = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * scale;
        hasSpareGaussian = true;
        return u * scale;
    }

    /** Returns a tensor of the given shape with elements drawn uniformly from {@code [low, high)}. */
    public Tensor uniform(double low, double high, int... shape) {
        if (!(low < high) || !Double.isFinite(high - low)) {
            throw new IllegalArgumentException("uniform: need finite low < high, got [" + low + ", " + high + ")");
        }
        double[] values = new double[Shapes.size(Shapes.checked(shape.clone()))];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * nextDouble();
        }
        return Tensor.wrap(values, shape.clone());
    }

    /** Returns a tensor of the given shape with normal elements of the given mean and standard deviation. */
    public Tensor normal(double mean, double standardDeviation, int... shape) {
        if (!(standardDeviation >= 0) || !Double.isFinite(standardDeviation) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal: need a finite mean and a finite standard deviation >= 0, got mean " + mean
                    + " and standard deviation " + standardDeviation);
        }
        double[] values = new double[Shapes.size(Shapes.checked(shape.clone()))];
        for (int i = 0; i < values.length; i++) {
            values[i] = mean + standardDeviation * nextGaussian();
        }
        return Tensor.wrap(values, shape.clone());
    }

    /** Returns a uniformly random permutation of {@code 0, 1, ..., n - 1}. */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation: n must not be negative, got " + n);
        }
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        shuffle(values);
        return values;
    }

    /** Shuffles {@code values} in place (Fisher-Yates), every order being equally likely. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
