package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

class VectorMathTest {

    /** A few units in the last place. */
    private static final Tolerance FEW_ULPS = new Tolerance(0, 2e-15);

    private interface ArrayKernel {
        void apply(double[] in, int inOffset, double[] out, int outOffset, int length);
    }

    private static double[] samples(int count, double low, double high, long seed) {
        TensorRandom random = new TensorRandom(seed);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return values;
    }

    private static void assertVectorPathMatchesScalar(ArrayKernel kernel, DoubleUnaryOperator scalar, double[] values) {
        // An odd offset and length put elements both in full vectors and in the scalar tail.
        int length = values.length - 3;
        double[] out = new double[values.length];
        kernel.apply(values, 1, out, 2, length);
        for (int i = 0; i < length; i++) {
            double expected = scalar.applyAsDouble(values[1 + i]);
            assertThat(Double.doubleToRawLongBits(out[2 + i])).as("element %d (input %s)", i, values[1 + i])
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @Test
    void vectorAndScalarBitIdentical() {
        double[] values = samples(1003, -50, 50, 7);

        assertVectorPathMatchesScalar(VectorMath::exp, VectorMath::exp, values);
        assertVectorPathMatchesScalar(VectorMath::sigmoid, VectorMath::sigmoid, values);
        assertVectorPathMatchesScalar(VectorMath::tanh, VectorMath::tanh, values);
    }

    @Test
    void expAccurateOverNormalRange() {
        for (double x : samples(20000, -700, 700, 1)) {
            assertThat(FEW_ULPS.accepts(VectorMath.exp(x), Math.exp(x))).as("exp(%s)", x).isTrue();
        }
        for (double x : samples(20000, -1, 1, 2)) {
            assertThat(FEW_ULPS.accepts(VectorMath.exp(x), Math.exp(x))).as("exp(%s)", x).isTrue();
        }
    }

    @Test
    void expEdgeCases() {
        assertThat(VectorMath.exp(0)).isEqualTo(1.0);
        assertThat(VectorMath.exp(710)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(VectorMath.exp(-800)).isEqualTo(0.0);
        assertThat(VectorMath.exp(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Double.isNaN(VectorMath.exp(Double.NaN))).isTrue();
        assertThat(new Tolerance(0, 1e-13).accepts(VectorMath.exp(709.5), Math.exp(709.5))).isTrue();
        // Subnormal results lose relative precision, as they do in Math.exp.
        assertThat(new Tolerance(1e-320, 1e-6).accepts(VectorMath.exp(-740), Math.exp(-740))).isTrue();
    }

    @Test
    void tanhAccurateIncludingTinyArguments() {
        for (double x : samples(20000, -25, 25, 3)) {
            assertThat(FEW_ULPS.accepts(VectorMath.tanh(x), Math.tanh(x))).as("tanh(%s)", x).isTrue();
        }
        for (double x : new double[] {1e-300, -1e-20, 1e-9, 0.125, -0.5}) {
            assertThat(FEW_ULPS.accepts(VectorMath.tanh(x), Math.tanh(x))).as("tanh(%s)", x).isTrue();
        }
        assertThat(VectorMath.tanh(40)).isEqualTo(1.0);
        assertThat(VectorMath.tanh(-1e10)).isEqualTo(-1.0);
        assertThat(Double.doubleToRawLongBits(VectorMath.tanh(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void sigmoidSaturatesWithoutOverflow() {
        for (double x : samples(20000, -30, 30, 4)) {
            assertThat(FEW_ULPS.accepts(VectorMath.sigmoid(x), 1 / (1 + Math.exp(-x)))).as("sigmoid(%s)", x).isTrue();
        }
        assertThat(VectorMath.sigmoid(-1000)).isEqualTo(0.0);
        assertThat(VectorMath.sigmoid(1000)).isEqualTo(1.0);
        assertThat(VectorMath.sigmoid(0)).isEqualTo(0.5);
    }

    @Test
    void allFiniteFindsEveryNonFiniteValue() {
        for (int length : new int[] {0, 1, 7, 8, 9, 33}) {
            double[] values = samples(length, -1e300, 1e300, length);
            assertThat(VectorMath.allFinite(values)).as("finite values of length %d", length).isTrue();
            for (int position = 0; position < length; position++) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double[] copy = values.clone();
                    copy[position] = bad;
                    assertThat(VectorMath.allFinite(copy)).as("%s at %d of %d", bad, position, length).isFalse();
                }
            }
        }
    }
}
