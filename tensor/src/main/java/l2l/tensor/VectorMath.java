package l2l.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized exp, sigmoid and tanh with scalar twins that return bit-identical results.
 *
 * <p>The JDK's vector {@code EXP} and {@code TANH} operators are not used: compiled code calls
 * Intel's SVML while interpreted code calls {@link Math}, so one input could give two results in
 * one run. Here both paths use only addition, multiplication, fused multiply-add and bit
 * operations, which IEEE 754 and the Vector API define exactly, so results do not depend on the
 * JIT, the vector width or the machine.
 *
 * <p>Method: {@code exp(x) = 2^k exp(r)} with {@code k = round(x / ln 2)} and
 * {@code |r| <= ln(2) / 2}. For exp itself, {@code exp(r) - 1} is the Taylor polynomial of degree
 * 13, whose truncation error is below {@code 1e-17} there, evaluated by Estrin's scheme in powers
 * {@code r^2, r^4, r^8}: its longest chain of dependent operations is 5 instead of Horner's 12,
 * which lets the processor overlap the evaluations of neighbouring vectors. The sigmoid and tanh
 * divide anyway, so they take {@code exp(r)} as the (6, 6) Padé approximant
 * {@code (E(r^2) + r O(r^2)) / (E(r^2) - r O(r^2))} and fold its division into their own: two
 * polynomials of degree 3 and 2 in {@code r^2} instead of one of degree 13. The approximant's
 * error term puts its error there near {@code 2e-19} (an estimate). Measured against
 * {@link Math}, the error of all three functions is a few units in the last place.
 *
 * <p>Arguments are clamped by a comparison and a blend, not by the {@code MIN} and {@code MAX}
 * lane operations: Java's {@code min} and {@code max} must order -0.0 below 0.0 and propagate NaN,
 * which costs several instructions per vector, while {@code x > bound ? bound : x} also lets NaN
 * through and takes two.
 *
 * <p>Negation is written as multiplication by -1, which gives the same bits: on JDK 17,
 * {@code DoubleVector.neg()} made the sigmoid loop several times slower.
 */
final class VectorMath {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private static final double LOG2_E = 1.4426950408889634;
    // ln 2 split in two (fdlibm's constants): LN2_HI has trailing zero bits, so k * LN2_HI is exact.
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer. */
    private static final double ROUNDING_SHIFT = 0x1.8p52;
    private static final long ROUNDING_SHIFT_BITS = Double.doubleToRawLongBits(ROUNDING_SHIFT);
    private static final long EXPONENT_BIAS = 1023;
    private static final long SIGN_BIT = Long.MIN_VALUE;

    /** Below this exp underflows to 0, above the other bound it overflows. */
    private static final double EXP_LOW = -746;
    private static final double EXP_HIGH = 710;
    /**
     * The lower clamp of the exponential inside the sigmoid: {@code 1 + exp(-708)} rounds to 1 as
     * {@code 1 + exp(x)} does for every smaller x, and above it {@code 2^k} is one normal number.
     */
    private static final double SIGMOID_EXP_LOW = -708;
    /** expm1(x) rounds to -1 for x below this bound. */
    private static final double EXPM1_LOW = -40;

    // The (6, 6) Padé approximant of exp(r): E(r^2) = 1 + r^2 5/44 + r^4/792 + r^6/665280 and
    // O(r^2) = 1/2 + r^2/66 + r^4/15840, so that exp(r) = (E + r O) / (E - r O).
    private static final double EVEN2 = 5.0 / 44.0;
    private static final double EVEN4 = 1.0 / 792.0;
    private static final double EVEN6 = 1.0 / 665280.0;
    private static final double ODD0 = 0.5;
    private static final double ODD2 = 1.0 / 66.0;
    private static final double ODD4 = 1.0 / 15840.0;

    // 1/n! for n = 2..13.
    private static final double C13 = 1.0 / 6227020800.0;
    private static final double C12 = 1.0 / 479001600.0;
    private static final double C11 = 1.0 / 39916800.0;
    private static final double C10 = 1.0 / 3628800.0;
    private static final double C9 = 1.0 / 362880.0;
    private static final double C8 = 1.0 / 40320.0;
    private static final double C7 = 1.0 / 5040.0;
    private static final double C6 = 1.0 / 720.0;
    private static final double C5 = 1.0 / 120.0;
    private static final double C4 = 1.0 / 24.0;
    private static final double C3 = 1.0 / 6.0;
    private static final double C2 = 0.5;

    // The constants above in every lane, so that loops do not broadcast a scalar at each operation.
    // Every broadcast is code that C2 inlines, and on JDK 17 a loop that exhausted its inlining
    // budget sometimes compiled with its vectors boxed and ran twice as long.
    private static final DoubleVector C13_LANES = DoubleVector.broadcast(SPECIES, C13);
    private static final DoubleVector C12_LANES = DoubleVector.broadcast(SPECIES, C12);
    private static final DoubleVector C11_LANES = DoubleVector.broadcast(SPECIES, C11);
    private static final DoubleVector C10_LANES = DoubleVector.broadcast(SPECIES, C10);
    private static final DoubleVector C9_LANES = DoubleVector.broadcast(SPECIES, C9);
    private static final DoubleVector C8_LANES = DoubleVector.broadcast(SPECIES, C8);
    private static final DoubleVector C7_LANES = DoubleVector.broadcast(SPECIES, C7);
    private static final DoubleVector C6_LANES = DoubleVector.broadcast(SPECIES, C6);
    private static final DoubleVector C5_LANES = DoubleVector.broadcast(SPECIES, C5);
    private static final DoubleVector C4_LANES = DoubleVector.broadcast(SPECIES, C4);
    private static final DoubleVector C3_LANES = DoubleVector.broadcast(SPECIES, C3);
    private static final DoubleVector C2_LANES = DoubleVector.broadcast(SPECIES, C2);
    private static final DoubleVector EVEN2_LANES = DoubleVector.broadcast(SPECIES, EVEN2);
    private static final DoubleVector EVEN4_LANES = DoubleVector.broadcast(SPECIES, EVEN4);
    private static final DoubleVector EVEN6_LANES = DoubleVector.broadcast(SPECIES, EVEN6);
    private static final DoubleVector ODD0_LANES = DoubleVector.broadcast(SPECIES, ODD0);
    private static final DoubleVector ODD2_LANES = DoubleVector.broadcast(SPECIES, ODD2);
    private static final DoubleVector ODD4_LANES = DoubleVector.broadcast(SPECIES, ODD4);
    private static final DoubleVector LOG2_E_LANES = DoubleVector.broadcast(SPECIES, LOG2_E);
    private static final DoubleVector ROUNDING_SHIFT_LANES = DoubleVector.broadcast(SPECIES, ROUNDING_SHIFT);
    private static final DoubleVector LN2_HI_LANES = DoubleVector.broadcast(SPECIES, LN2_HI);
    private static final DoubleVector LN2_LO_LANES = DoubleVector.broadcast(SPECIES, LN2_LO);
    private static final DoubleVector EXP_HIGH_LANES = DoubleVector.broadcast(SPECIES, EXP_HIGH);
    private static final DoubleVector EXP_LOW_LANES = DoubleVector.broadcast(SPECIES, EXP_LOW);
    private static final DoubleVector SIGMOID_EXP_LOW_LANES = DoubleVector.broadcast(SPECIES, SIGMOID_EXP_LOW);
    private static final DoubleVector EXPM1_LOW_LANES = DoubleVector.broadcast(SPECIES, EXPM1_LOW);
    private static final DoubleVector ZERO_LANES = DoubleVector.broadcast(SPECIES, 0.0);
    static final DoubleVector ONE_LANES = DoubleVector.broadcast(SPECIES, 1.0);
    private static final DoubleVector TWO_LANES = DoubleVector.broadcast(SPECIES, 2.0);
    static final DoubleVector MINUS_ONE_LANES = DoubleVector.broadcast(SPECIES, -1.0);
    private static final DoubleVector MINUS_TWO_LANES = DoubleVector.broadcast(SPECIES, -2.0);
    private static final LongVector ROUNDING_SHIFT_BITS_LANES = LongVector.broadcast(SPECIES.withLanes(long.class), ROUNDING_SHIFT_BITS);
    private static final LongVector EXPONENT_BIAS_LANES = LongVector.broadcast(SPECIES.withLanes(long.class), EXPONENT_BIAS);
    /** The bits of {@code shifted} minus this are {@code k + 1022}, the biased exponent of {@code 2^(k - 1)}. */
    private static final LongVector HALF_POWER_OFFSET_LANES = LongVector.broadcast(SPECIES.withLanes(long.class),
            ROUNDING_SHIFT_BITS - EXPONENT_BIAS + 1);
    private static final LongVector SIGN_BIT_LANES = LongVector.broadcast(SPECIES.withLanes(long.class), SIGN_BIT);

    private VectorMath() {
    }

    // ---- scalar twins ----

    /** Returns {@code exp(r) - 1} for {@code |r| <= ln(2) / 2}, by Estrin's scheme as the vector loops. */
    private static double expm1Reduced(double r) {
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        double low = Math.fma(Math.fma(r, C5, C4), r2, Math.fma(r, C3, C2));
        double middle = Math.fma(Math.fma(r, C9, C8), r2, Math.fma(r, C7, C6));
        double high = Math.fma(Math.fma(r, C13, C12), r2, Math.fma(r, C11, C10));
        double p = Math.fma(high, r8, Math.fma(middle, r4, low));
        return Math.fma(r2, p, r);
    }

    /** Returns {@code 2^k} for an integer {@code k} in {@code [-1022, 1023]}. */
    private static double powerOfTwo(long k) {
        return Double.longBitsToDouble((k + EXPONENT_BIAS) << 52);
    }

    static double exp(double x) {
        double clamped = Math.max(Math.min(x, EXP_HIGH), EXP_LOW);
        double shifted = Math.fma(clamped, LOG2_E, ROUNDING_SHIFT);
        double negativeK = ROUNDING_SHIFT - shifted;
        double r = Math.fma(negativeK, LN2_HI, clamped);
        r = Math.fma(negativeK, LN2_LO, r);
        double mantissa = 1.0 + expm1Reduced(r);
        // 2^k as two factors, because k itself may leave the normal exponent range.
        long kBits = Double.doubleToRawLongBits(shifted) - ROUNDING_SHIFT_BITS;
        long half = kBits >> 1;
        return mantissa * powerOfTwo(half) * powerOfTwo(kBits - half);
    }

    /** Returns {@code E(r^2)}, the even part of the Padé approximant, by Estrin's scheme as the vector loops. */
    private static double padeEven(double r2, double r4) {
        return Math.fma(r4, Math.fma(r2, EVEN6, EVEN4), Math.fma(r2, EVEN2, 1.0));
    }

    /** Returns {@code r O(r^2)}, the odd part of the Padé approximant, as the vector loops. */
    private static double padeOdd(double r, double r2, double r4) {
        return r * Math.fma(r4, ODD4, Math.fma(r2, ODD2, ODD0));
    }

    /**
     * Returns {@code 1 / (1 + exp(-x))}. With {@code exp(-x) = 2^k (E + O) / (E - O)} that is
     * {@code (E - O) / ((E - O) + 2^k (E + O))}, one division. The exponential's argument is clamped
     * to {@code [-708, 710]}, which changes no result (see {@link #SIGMOID_EXP_LOW}), and
     * {@code 2^k} is applied as {@code 2^(k - 1)} times {@code 2 (E + O)}, so that it stays one
     * normal number.
     */
    static double sigmoid(double x) {
        double clamped = Math.max(Math.min(-x, EXP_HIGH), SIGMOID_EXP_LOW);
        double shifted = Math.fma(clamped, LOG2_E, ROUNDING_SHIFT);
        double negativeK = ROUNDING_SHIFT - shifted;
        double r = Math.fma(negativeK, LN2_HI, clamped);
        r = Math.fma(negativeK, LN2_LO, r);
        double r2 = r * r;
        double r4 = r2 * r2;
        double even = padeEven(r2, r4);
        double odd = padeOdd(r, r2, r4);
        double below = even - odd;
        double halfPower = powerOfTwo(Double.doubleToRawLongBits(shifted) - ROUNDING_SHIFT_BITS - 1);
        return below / Math.fma(halfPower, (even + odd) * 2.0, below);
    }

    /**
     * Returns {@code tanh(x) = (1 - exp(y)) / (1 + exp(y))} for {@code y = -2|x|}, with the sign of
     * x. With {@code exp(y) = p (E + O) / (E - O)} and {@code p = 2^k <= 1} that is
     * {@code (E (1 - p) - O (1 + p)) / (E (1 + p) - O (1 - p))}; for small x, {@code k = 0} and the
     * numerator is {@code -2 O} exactly, so tiny arguments keep their relative precision.
     */
    static double tanh(double x) {
        double y = Math.max(-2.0 * Math.abs(x), EXPM1_LOW);
        double shifted = Math.fma(y, LOG2_E, ROUNDING_SHIFT);
        double negativeK = ROUNDING_SHIFT - shifted;
        double r = Math.fma(negativeK, LN2_HI, y);
        r = Math.fma(negativeK, LN2_LO, r);
        double r2 = r * r;
        double r4 = r2 * r2;
        double even = padeEven(r2, r4);
        double odd = padeOdd(r, r2, r4);
        double power = powerOfTwo(Double.doubleToRawLongBits(shifted) - ROUNDING_SHIFT_BITS);
        double lessPower = 1.0 - power;
        double morePower = 1.0 + power;
        double magnitude = Math.fma(even, lessPower, -(odd * morePower)) / Math.fma(even, morePower, -(odd * lessPower));
        return Double.longBitsToDouble(Double.doubleToRawLongBits(magnitude) | (Double.doubleToRawLongBits(x) & SIGN_BIT));
    }

    /**
     * Returns whether every element of {@code values} is finite. Each lane computes {@code x * 0},
     * which is 0 for finite x and NaN for an infinity or a NaN.
     */
    static boolean allFinite(double[] values) {
        return allFinite(values, 0, values.length);
    }

    /**
     * Returns whether every element of {@code values[from, to)} is finite, the same way, testing
     * four vectors at a time. No vector is carried from one iteration to the next: on JDK 17 such
     * a loop ran with every vector boxed as an object when the method was inlined into its caller.
     */
    static boolean allFinite(double[] values, int from, int to) {
        int i = from;
        for (int bound = to - 4 * LANES; i <= bound; i += 4 * LANES) {
            DoubleVector first = DoubleVector.fromArray(SPECIES, values, i).mul(ZERO_LANES)
                    .add(DoubleVector.fromArray(SPECIES, values, i + LANES).mul(ZERO_LANES));
            DoubleVector second = DoubleVector.fromArray(SPECIES, values, i + 2 * LANES).mul(ZERO_LANES)
                    .add(DoubleVector.fromArray(SPECIES, values, i + 3 * LANES).mul(ZERO_LANES));
            if (first.add(second).compare(VectorOperators.NE, ZERO_LANES).anyTrue()) {
                return false;
            }
        }
        double sum = 0;
        for (; i < to; i++) {
            sum += values[i] * 0.0;
        }
        return sum == 0;
    }

    // ---- array loops ----
    //
    // Each loop spells out its vector arithmetic instead of calling helpers that take or return
    // vectors. HotSpot (JDK 17) does not inline a large method that is already compiled on its own,
    // and a vector that crosses a call that is not inlined is boxed as an object, which made these
    // loops five to ten times slower.

    /** Writes {@code exp} of {@code in[inOffset, inOffset + length)} to {@code out} from {@code outOffset}. */
    static void exp(double[] in, int inOffset, double[] out, int outOffset, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, in, inOffset + i);
            DoubleVector limited = x.blend(EXP_HIGH_LANES, x.compare(VectorOperators.GT, EXP_HIGH_LANES));
            DoubleVector clamped = limited.blend(EXP_LOW_LANES, limited.compare(VectorOperators.LT, EXP_LOW_LANES));
            DoubleVector shifted = clamped.fma(LOG2_E_LANES, ROUNDING_SHIFT_LANES);
            DoubleVector negativeK = ROUNDING_SHIFT_LANES.sub(shifted);
            DoubleVector r = negativeK.fma(LN2_HI_LANES, clamped);
            r = negativeK.fma(LN2_LO_LANES, r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector low = r.fma(C5_LANES, C4_LANES)
                    .fma(r2, r.fma(C3_LANES, C2_LANES));
            DoubleVector middle = r.fma(C9_LANES, C8_LANES)
                    .fma(r2, r.fma(C7_LANES, C6_LANES));
            DoubleVector high = r.fma(C13_LANES, C12_LANES)
                    .fma(r2, r.fma(C11_LANES, C10_LANES));
            DoubleVector p = high.fma(r4.mul(r4), middle.fma(r4, low));
            DoubleVector mantissa = r2.fma(p, r).add(ONE_LANES);
            LongVector kBits = shifted.viewAsIntegralLanes().sub(ROUNDING_SHIFT_BITS_LANES);
            LongVector half = kBits.lanewise(VectorOperators.ASHR, 1);
            DoubleVector first = half.add(EXPONENT_BIAS_LANES).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector second = kBits.sub(half).add(EXPONENT_BIAS_LANES).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            mantissa.mul(first).mul(second).intoArray(out, outOffset + i);
        }
        for (; i < length; i++) {
            out[outOffset + i] = exp(in[inOffset + i]);
        }
    }

    /** Writes {@code 1 / (1 + exp(-x))} of {@code in[inOffset, inOffset + length)} to {@code out} from {@code outOffset}. */
    static void sigmoid(double[] in, int inOffset, double[] out, int outOffset, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, in, inOffset + i).mul(MINUS_ONE_LANES);
            DoubleVector limited = x.blend(EXP_HIGH_LANES, x.compare(VectorOperators.GT, EXP_HIGH_LANES));
            DoubleVector clamped = limited.blend(SIGMOID_EXP_LOW_LANES, limited.compare(VectorOperators.LT, SIGMOID_EXP_LOW_LANES));
            DoubleVector shifted = clamped.fma(LOG2_E_LANES, ROUNDING_SHIFT_LANES);
            DoubleVector negativeK = ROUNDING_SHIFT_LANES.sub(shifted);
            DoubleVector r = negativeK.fma(LN2_HI_LANES, clamped);
            r = negativeK.fma(LN2_LO_LANES, r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector even = r4.fma(r2.fma(EVEN6_LANES, EVEN4_LANES), r2.fma(EVEN2_LANES, ONE_LANES));
            DoubleVector odd = r.mul(r4.fma(ODD4_LANES, r2.fma(ODD2_LANES, ODD0_LANES)));
            DoubleVector below = even.sub(odd);
            DoubleVector halfPower = shifted.viewAsIntegralLanes().sub(HALF_POWER_OFFSET_LANES)
                    .lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            below.div(halfPower.fma(even.add(odd).mul(TWO_LANES), below)).intoArray(out, outOffset + i);
        }
        for (; i < length; i++) {
            out[outOffset + i] = sigmoid(in[inOffset + i]);
        }
    }

    /**
     * Replaces every value {@code v} in column {@code q} of the {@code rows} rows of {@code values}
     * (row length {@code width}, a multiple of {@link #LANES}) by
     * {@code sigmoid((v + bias[q]) scale[q]) scale[q] + shift[q]}, in one pass. The arithmetic is
     * that of {@link #sigmoid(double[], int, double[], int, int)} between an addition and
     * multiplication before and a fused multiply-add after, so the results are the same bits.
     */
    static void affineSigmoidRows(double[] values, int rows, int width, double[] bias, double[] scale, double[] shift) {
        for (int row = 0; row < rows; row++) {
            int base = row * width;
            for (int q = 0; q < width; q += LANES) {
                DoubleVector factor = DoubleVector.fromArray(SPECIES, scale, q);
                DoubleVector x = DoubleVector.fromArray(SPECIES, values, base + q).add(DoubleVector.fromArray(SPECIES, bias, q))
                        .mul(factor.mul(MINUS_ONE_LANES));
                DoubleVector limited = x.blend(EXP_HIGH_LANES, x.compare(VectorOperators.GT, EXP_HIGH_LANES));
                DoubleVector clamped = limited.blend(SIGMOID_EXP_LOW_LANES, limited.compare(VectorOperators.LT, SIGMOID_EXP_LOW_LANES));
                DoubleVector shifted = clamped.fma(LOG2_E_LANES, ROUNDING_SHIFT_LANES);
                DoubleVector negativeK = ROUNDING_SHIFT_LANES.sub(shifted);
                DoubleVector r = negativeK.fma(LN2_HI_LANES, clamped);
                r = negativeK.fma(LN2_LO_LANES, r);
                DoubleVector r2 = r.mul(r);
                DoubleVector r4 = r2.mul(r2);
            DoubleVector even = r4.fma(r2.fma(EVEN6_LANES, EVEN4_LANES), r2.fma(EVEN2_LANES, ONE_LANES));
                DoubleVector odd = r.mul(r4.fma(ODD4_LANES, r2.fma(ODD2_LANES, ODD0_LANES)));
                DoubleVector below = even.sub(odd);
                DoubleVector halfPower = shifted.viewAsIntegralLanes().sub(HALF_POWER_OFFSET_LANES)
                        .lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
                DoubleVector sigmoid = below.div(halfPower.fma(even.add(odd).mul(TWO_LANES), below));
                sigmoid.fma(factor, DoubleVector.fromArray(SPECIES, shift, q)).intoArray(values, base + q);
            }
        }
    }

    /** Writes {@code tanh} of {@code in[inOffset, inOffset + length)} to {@code out} from {@code outOffset}. */
    static void tanh(double[] in, int inOffset, double[] out, int outOffset, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            tanhLanes(DoubleVector.fromArray(SPECIES, in, inOffset + i)).intoArray(out, outOffset + i);
        }
        for (; i < length; i++) {
            out[outOffset + i] = tanh(in[inOffset + i]);
        }
    }

    /**
     * Writes {@code factor[k] tanh(in[k])} for {@code length} values from the given offsets to
     * {@code out}: the tanh of {@link #tanh(double[], int, double[], int, int)} and one
     * multiplication, in one pass.
     *
     * <p>When {@code length} is at least {@link #LANES} but not a multiple of it, and {@code out}
     * is neither input array, the last values are computed by one more vector that ends at the last
     * value and overlaps the one before, instead of one at a time. Lanes do not interact, so the
     * values it writes again are the same bits. For the 20 values of an LSTM row and 8 lanes, this
     * replaces 4 scalar evaluations by one vector.
     */
    static void multiplyTanh(double[] in, int inOffset, double[] factor, int factorOffset, double[] out, int outOffset, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            multiplyTanhLanes(in, inOffset + i, factor, factorOffset + i, out, outOffset + i);
        }
        if (i < length && length >= LANES && out != in && out != factor) {
            int last = length - LANES;
            multiplyTanhLanes(in, inOffset + last, factor, factorOffset + last, out, outOffset + last);
            return;
        }
        for (; i < length; i++) {
            out[outOffset + i] = factor[factorOffset + i] * tanh(in[inOffset + i]);
        }
    }

    /** Writes {@code factor[k] tanh(in[k])} for the {@link #LANES} values from the given offsets. */
    private static void multiplyTanhLanes(double[] in, int inOffset, double[] factor, int factorOffset, double[] out, int outOffset) {
        DoubleVector tanh = tanhLanes(DoubleVector.fromArray(SPECIES, in, inOffset));
        DoubleVector.fromArray(SPECIES, factor, factorOffset).mul(tanh).intoArray(out, outOffset);
    }

    /** Returns the tanh of every lane of {@code x}, by the method of {@link #tanh(double)}. */
    private static DoubleVector tanhLanes(DoubleVector x) {
        DoubleVector doubled = x.abs().mul(MINUS_TWO_LANES);
        DoubleVector y = doubled.blend(EXPM1_LOW_LANES, doubled.compare(VectorOperators.LT, EXPM1_LOW_LANES));
        DoubleVector shifted = y.fma(LOG2_E_LANES, ROUNDING_SHIFT_LANES);
        DoubleVector negativeK = ROUNDING_SHIFT_LANES.sub(shifted);
        DoubleVector r = negativeK.fma(LN2_HI_LANES, y);
        r = negativeK.fma(LN2_LO_LANES, r);
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector even = r4.fma(r2.fma(EVEN6_LANES, EVEN4_LANES), r2.fma(EVEN2_LANES, ONE_LANES));
        DoubleVector odd = r.mul(r4.fma(ODD4_LANES, r2.fma(ODD2_LANES, ODD0_LANES)));
        LongVector kBits = shifted.viewAsIntegralLanes().sub(ROUNDING_SHIFT_BITS_LANES);
        DoubleVector power = kBits.add(EXPONENT_BIAS_LANES).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
        DoubleVector lessPower = ONE_LANES.sub(power);
        DoubleVector morePower = ONE_LANES.add(power);
        DoubleVector numerator = even.fma(lessPower, odd.mul(morePower).mul(MINUS_ONE_LANES));
        DoubleVector magnitude = numerator.div(even.fma(morePower, odd.mul(lessPower).mul(MINUS_ONE_LANES)));
        LongVector sign = x.viewAsIntegralLanes().and(SIGN_BIT_LANES);
        return magnitude.viewAsIntegralLanes().or(sign).viewAsFloatingLanes();
    }
}
