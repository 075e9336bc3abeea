package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
            // NaN must stay NaN, but its sign and payload bits carry no meaning.
            assertThat(Double.doubleToLongBits(out[2 + i])).as("element %d (input %s)", i, values[1 + i])
                    .isEqualTo(Double.doubleToLongBits(expected));
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
    void clampsAndSpecialValuesBitIdentical() {
        double[] special = {
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE,
            Double.MAX_VALUE, 707.9, 708, 708.1, 709.5, 709.9, 710, 710.5, -707.9, -708, -708.1, -709.5, -709.9, -710, -745.5,
            -746, -800, 800, 19.9, 20, 20.1, -20.1, 36.7, -36.7, 40, -40, 1e-300, -1e-300};
        double[] values = new double[special.length * 3 + 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = special[i % special.length];
        }
        assertVectorPathMatchesScalar(VectorMath::exp, VectorMath::exp, values);
        assertVectorPathMatchesScalar(VectorMath::sigmoid, VectorMath::sigmoid, values);
        assertVectorPathMatchesScalar(VectorMath::tanh, VectorMath::tanh, values);
    }

    @Test
    void affineSigmoidRowsMatchScalar() {
        int width = 4 * VectorMath.LANES;
        int rows = 7;
        double[] values = samples(rows * width, -60, 60, 11);
        values[3] = 800;
        values[width + 1] = -800;
        values[2 * width + 2] = Double.NaN;
        double[] bias = samples(width, -2, 2, 12);
        double[] scale = new double[width];
        double[] shift = new double[width];
        for (int q = 0; q < width; q++) {
            scale[q] = q % 3 == 0 ? 2.0 : 1.0;
            shift[q] = q % 3 == 0 ? -1.0 : 0.0;
        }
        double[] out = values.clone();
        VectorMath.affineSigmoidRows(out, rows, width, bias, scale, shift);
        for (int row = 0; row < rows; row++) {
            for (int q = 0; q < width; q++) {
                double v = values[row * width + q];
                double expected = Math.fma(VectorMath.sigmoid((v + bias[q]) * scale[q]), scale[q], shift[q]);
                assertThat(Double.doubleToLongBits(out[row * width + q])).as("row %d column %d (value %s)", row, q, v)
                        .isEqualTo(Double.doubleToLongBits(expected));
            }
        }
    }

    @ParameterizedTest(name = "{0} values")
    @ValueSource(ints = {200, 203, 20, 9, 3})
    void multiplyTanhMatchesScalar(int length) {
        double[] in = samples(length + 3, -30, 30, 13);
        in[length / 2] = Double.NaN;
        in[length / 2 + 1] = -0.0;
        double[] factor = samples(length + 3, -2, 2, 14);
        double[] out = new double[length + 5];
        VectorMath.multiplyTanh(in, 1, factor, 0, out, 2, length);
        for (int i = 0; i < length; i++) {
            double expected = factor[i] * VectorMath.tanh(in[1 + i]);
            assertThat(Double.doubleToLongBits(out[2 + i])).as("element %d (input %s)", i, in[1 + i])
                    .isEqualTo(Double.doubleToLongBits(expected));
        }
        assertThat(out[0]).as("value before the output range").isZero();
        assertThat(out[1]).as("value before the output range").isZero();
        assertThat(out[length + 2]).as("value after the output range").isZero();
    }

    @Test
    void multiplyTanhInPlaceMatchesScalar() {
        double[] values = samples(21, -5, 5, 15);
        double[] factor = samples(21, -2, 2, 16);
        double[] expected = new double[21];
        for (int i = 0; i < 21; i++) {
            expected[i] = factor[i] * VectorMath.tanh(values[i]);
        }
        VectorMath.multiplyTanh(values, 0, factor, 0, values, 0, 21);
        for (int i = 0; i < 21; i++) {
            assertThat(Double.doubleToLongBits(values[i])).as("element %d", i).isEqualTo(Double.doubleToLongBits(expected[i]));
        }
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
        for (double x : samples(2000, -745, -30, 5)) {
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
