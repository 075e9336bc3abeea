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
 * {@code |r| <= ln(2) / 2}; {@code exp(r) - 1} is the Taylor polynomial of degree 13, whose
 * truncation error is below {@code 1e-17} there. Measured against {@link Math}, the error is a
 * few units in the last place.
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
    /** expm1(x) rounds to -1 for x below this bound. */
    private static final double EXPM1_LOW = -40;

    // 1/n! for n = 2..13, highest degree first for Horner's rule.
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

    private VectorMath() {
    }

    // ---- scalar twins ----

    /** Returns {@code exp(r) - 1} for {@code |r| <= ln(2) / 2}. */
    private static double expm1Reduced(double r) {
        double p = C13;
        p = Math.fma(p, r, C12);
        p = Math.fma(p, r, C11);
        p = Math.fma(p, r, C10);
        p = Math.fma(p, r, C9);
        p = Math.fma(p, r, C8);
        p = Math.fma(p, r, C7);
        p = Math.fma(p, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        return Math.fma(r * r, p, r);
    }

    /** Returns {@code 2^k} for an integer {@code k} in {@code [-1022, 1023]}. */
    private static double powerOfTwo(long k) {
        return Double.longBitsToDouble((k + EXPONENT_BIAS) << 52);
    }

    static double exp(double x) {
        double clamped = Math.max(Math.min(x, EXP_HIGH), EXP_LOW);
        double shifted = Math.fma(clamped, LOG2_E, ROUNDING_SHIFT);
        double k = shifted - ROUNDING_SHIFT;
        double r = Math.fma(-k, LN2_HI, clamped);
        r = Math.fma(-k, LN2_LO, r);
        double mantissa = 1.0 + expm1Reduced(r);
        // 2^k as two factors, because k itself may leave the normal exponent range.
        long kBits = Double.doubleToRawLongBits(shifted) - ROUNDING_SHIFT_BITS;
        long half = kBits >> 1;
        return mantissa * powerOfTwo(half) * powerOfTwo(kBits - half);
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + exp(-x));
    }

    /** Returns {@code tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|))} with the sign of x. */
    static double tanh(double x) {
        double y = Math.max(-2.0 * Math.abs(x), EXPM1_LOW);
        double shifted = Math.fma(y, LOG2_E, ROUNDING_SHIFT);
        double k = shifted - ROUNDING_SHIFT;
        double r = Math.fma(-k, LN2_HI, y);
        r = Math.fma(-k, LN2_LO, r);
        double scale = powerOfTwo(Double.doubleToRawLongBits(shifted) - ROUNDING_SHIFT_BITS);
        double expm1 = Math.fma(scale, expm1Reduced(r), scale - 1.0);
        double magnitude = -expm1 / (2.0 + expm1);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(magnitude) | (Double.doubleToRawLongBits(x) & SIGN_BIT));
    }

    /**
     * Returns whether every element of {@code values} is finite. Each lane adds {@code x * 0},
     * which stays 0 for finite x and becomes NaN for an infinity or a NaN, so the loop needs no
     * branch per element.
     */
    static boolean allFinite(double[] values) {
        DoubleVector probe = DoubleVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(values.length); i < bound; i += LANES) {
            probe = probe.add(DoubleVector.fromArray(SPECIES, values, i).mul(0.0));
        }
        double sum = 0;
        for (double lane : probe.toArray()) {
            sum += lane;
        }
        for (; i < values.length; i++) {
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
            DoubleVector clamped = x.lanewise(VectorOperators.MIN, EXP_HIGH).lanewise(VectorOperators.MAX, EXP_LOW);
            DoubleVector shifted = clamped.fma(DoubleVector.broadcast(SPECIES, LOG2_E), DoubleVector.broadcast(SPECIES, ROUNDING_SHIFT));
            DoubleVector negativeK = shifted.sub(ROUNDING_SHIFT).mul(-1.0);
            DoubleVector r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_HI), clamped);
            r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(SPECIES, C13);
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C12));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C11));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C10));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C9));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C8));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C7));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C6));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C5));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C4));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C3));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C2));
            DoubleVector mantissa = r.mul(r).fma(p, r).add(1.0);
            LongVector kBits = shifted.viewAsIntegralLanes().sub(ROUNDING_SHIFT_BITS);
            LongVector half = kBits.lanewise(VectorOperators.ASHR, 1);
            DoubleVector first = half.add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector second = kBits.sub(half).add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
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
            DoubleVector x = DoubleVector.fromArray(SPECIES, in, inOffset + i).mul(-1.0);
            DoubleVector clamped = x.lanewise(VectorOperators.MIN, EXP_HIGH).lanewise(VectorOperators.MAX, EXP_LOW);
            DoubleVector shifted = clamped.fma(DoubleVector.broadcast(SPECIES, LOG2_E), DoubleVector.broadcast(SPECIES, ROUNDING_SHIFT));
            DoubleVector negativeK = shifted.sub(ROUNDING_SHIFT).mul(-1.0);
            DoubleVector r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_HI), clamped);
            r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(SPECIES, C13);
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C12));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C11));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C10));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C9));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C8));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C7));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C6));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C5));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C4));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C3));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C2));
            DoubleVector mantissa = r.mul(r).fma(p, r).add(1.0);
            LongVector kBits = shifted.viewAsIntegralLanes().sub(ROUNDING_SHIFT_BITS);
            LongVector half = kBits.lanewise(VectorOperators.ASHR, 1);
            DoubleVector first = half.add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector second = kBits.sub(half).add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector expNegative = mantissa.mul(first).mul(second);
            DoubleVector.broadcast(SPECIES, 1.0).div(expNegative.add(1.0)).intoArray(out, outOffset + i);
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
                DoubleVector x = DoubleVector.fromArray(SPECIES, values, base + q).add(DoubleVector.fromArray(SPECIES, bias, q)).mul(factor)
                        .mul(-1.0);
                DoubleVector clamped = x.lanewise(VectorOperators.MIN, EXP_HIGH).lanewise(VectorOperators.MAX, EXP_LOW);
                DoubleVector shifted = clamped.fma(DoubleVector.broadcast(SPECIES, LOG2_E), DoubleVector.broadcast(SPECIES, ROUNDING_SHIFT));
                DoubleVector negativeK = shifted.sub(ROUNDING_SHIFT).mul(-1.0);
                DoubleVector r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_HI), clamped);
                r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_LO), r);
                DoubleVector p = DoubleVector.broadcast(SPECIES, C13);
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C12));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C11));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C10));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C9));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C8));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C7));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C6));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C5));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C4));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C3));
                p = p.fma(r, DoubleVector.broadcast(SPECIES, C2));
                DoubleVector mantissa = r.mul(r).fma(p, r).add(1.0);
                LongVector kBits = shifted.viewAsIntegralLanes().sub(ROUNDING_SHIFT_BITS);
                LongVector half = kBits.lanewise(VectorOperators.ASHR, 1);
                DoubleVector first = half.add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
                DoubleVector second = kBits.sub(half).add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
                DoubleVector expNegative = mantissa.mul(first).mul(second);
                DoubleVector sigmoid = DoubleVector.broadcast(SPECIES, 1.0).div(expNegative.add(1.0));
                sigmoid.fma(factor, DoubleVector.fromArray(SPECIES, shift, q)).intoArray(values, base + q);
            }
        }
    }

    /** Writes {@code tanh} of {@code in[inOffset, inOffset + length)} to {@code out} from {@code outOffset}. */
    static void tanh(double[] in, int inOffset, double[] out, int outOffset, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, in, inOffset + i);
            DoubleVector y = x.abs().mul(-2.0).lanewise(VectorOperators.MAX, EXPM1_LOW);
            DoubleVector shifted = y.fma(DoubleVector.broadcast(SPECIES, LOG2_E), DoubleVector.broadcast(SPECIES, ROUNDING_SHIFT));
            DoubleVector negativeK = shifted.sub(ROUNDING_SHIFT).mul(-1.0);
            DoubleVector r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_HI), y);
            r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(SPECIES, C13);
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C12));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C11));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C10));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C9));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C8));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C7));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C6));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C5));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C4));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C3));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C2));
            DoubleVector expm1Reduced = r.mul(r).fma(p, r);
            LongVector kBits = shifted.viewAsIntegralLanes().sub(ROUNDING_SHIFT_BITS);
            DoubleVector scale = kBits.add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector expm1 = scale.fma(expm1Reduced, scale.sub(1.0));
            DoubleVector magnitude = expm1.mul(-1.0).div(expm1.add(2.0));
            LongVector sign = x.viewAsIntegralLanes().and(SIGN_BIT);
            magnitude.viewAsIntegralLanes().or(sign).viewAsFloatingLanes().intoArray(out, outOffset + i);
        }
        for (; i < length; i++) {
            out[outOffset + i] = tanh(in[inOffset + i]);
        }
    }

    /**
     * Writes {@code factor[k] tanh(in[k])} for {@code length} values from the given offsets to
     * {@code out}: the tanh of {@link #tanh(double[], int, double[], int, int)} and one
     * multiplication, in one pass.
     */
    static void multiplyTanh(double[] in, int inOffset, double[] factor, int factorOffset, double[] out, int outOffset, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, in, inOffset + i);
            DoubleVector y = x.abs().mul(-2.0).lanewise(VectorOperators.MAX, EXPM1_LOW);
            DoubleVector shifted = y.fma(DoubleVector.broadcast(SPECIES, LOG2_E), DoubleVector.broadcast(SPECIES, ROUNDING_SHIFT));
            DoubleVector negativeK = shifted.sub(ROUNDING_SHIFT).mul(-1.0);
            DoubleVector r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_HI), y);
            r = negativeK.fma(DoubleVector.broadcast(SPECIES, LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(SPECIES, C13);
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C12));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C11));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C10));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C9));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C8));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C7));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C6));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C5));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C4));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C3));
            p = p.fma(r, DoubleVector.broadcast(SPECIES, C2));
            DoubleVector expm1Reduced = r.mul(r).fma(p, r);
            LongVector kBits = shifted.viewAsIntegralLanes().sub(ROUNDING_SHIFT_BITS);
            DoubleVector scale = kBits.add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector expm1 = scale.fma(expm1Reduced, scale.sub(1.0));
            DoubleVector magnitude = expm1.mul(-1.0).div(expm1.add(2.0));
            LongVector sign = x.viewAsIntegralLanes().and(SIGN_BIT);
            DoubleVector tanh = magnitude.viewAsIntegralLanes().or(sign).viewAsFloatingLanes();
            DoubleVector.fromArray(SPECIES, factor, factorOffset + i).mul(tanh).intoArray(out, outOffset + i);
        }
        for (; i < length; i++) {
            out[outOffset + i] = factor[factorOffset + i] * tanh(in[inOffset + i]);
        }
    }
}
