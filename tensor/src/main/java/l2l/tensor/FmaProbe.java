package l2l.tensor;

import jdk.incubator.vector.DoubleVector;

/**
 * A loop of independent fused multiply-adds on full vectors, with no memory traffic, for
 * measuring the peak double-precision rate of a core: time {@link #run} on each core and divide
 * the work by the time.
 *
 * <p>Twelve independent chains cover the latency of the FMA units (four cycles on two ports on
 * current x86 cores needs at least eight). The values converge to a fixed point instead of
 * overflowing or becoming subnormal.
 */
public final class FmaProbe {

    private static final int CHAINS = 12;

    private FmaProbe() {
    }

    /** Returns the floating-point operations of one iteration: two (a multiply and an add) per lane and chain. */
    public static long flopsPerIteration() {
        return 2L * CHAINS * VectorMath.LANES;
    }

    /** Runs {@code iterations} iterations and returns a checksum, which callers should consume so the loop is not removed. */
    public static double run(long iterations) {
        DoubleVector factor = DoubleVector.broadcast(VectorMath.SPECIES, 0.999999);
        DoubleVector offset = DoubleVector.broadcast(VectorMath.SPECIES, 1e-7);
        DoubleVector a0 = DoubleVector.broadcast(VectorMath.SPECIES, 0.1);
        DoubleVector a1 = a0.add(0.01);
        DoubleVector a2 = a0.add(0.02);
        DoubleVector a3 = a0.add(0.03);
        DoubleVector a4 = a0.add(0.04);
        DoubleVector a5 = a0.add(0.05);
        DoubleVector a6 = a0.add(0.06);
        DoubleVector a7 = a0.add(0.07);
        DoubleVector a8 = a0.add(0.08);
        DoubleVector a9 = a0.add(0.09);
        DoubleVector a10 = a0.add(0.10);
        DoubleVector a11 = a0.add(0.11);

        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(factor, offset);
            a1 = a1.fma(factor, offset);
            a2 = a2.fma(factor, offset);
            a3 = a3.fma(factor, offset);
            a4 = a4.fma(factor, offset);
            a5 = a5.fma(factor, offset);
            a6 = a6.fma(factor, offset);
            a7 = a7.fma(factor, offset);
            a8 = a8.fma(factor, offset);
            a9 = a9.fma(factor, offset);
            a10 = a10.fma(factor, offset);
            a11 = a11.fma(factor, offset);
        }

        DoubleVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        double checksum = 0;
        for (double lane : sum.toArray()) {
            checksum += lane;
        }
        return checksum;
    }
}
