package l2l.tensor;

/**
 * The gradient preprocessing of Andrychowicz et al. (2016), "Learning to learn by gradient
 * descent by gradient descent", appendix A: it maps each gradient coordinate {@code x}, whose
 * magnitude can span many orders, to a pair of inputs of moderate size for a coordinate-wise
 * LSTM optimizer:
 *
 * <pre>
 * (log(|x|) / p, sign(x))   if |x| >= exp(-p)
 * (-1, exp(p) x)            otherwise
 * </pre>
 *
 * The output is a constant input for the optimizer: no gradient flows through it.
 */
public final class GradientPreprocessing {

    /** The value of {@code p} that Andrychowicz et al. use. */
    public static final double DEFAULT_P = 10;

    private GradientPreprocessing() {
    }

    /**
     * Returns the pairs for every element of {@code gradient}, in row-major order: {@code [n, 2]}
     * for a gradient of n elements of any shape.
     *
     * @param p the scale parameter, positive
     */
    public static Tensor preprocess(Tensor gradient, double p) {
        if (!(p > 0) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("preprocess: p must be a positive finite number, got " + p);
        }
        double threshold = Math.exp(-p);
        double scale = Math.exp(p);
        double[] in = gradient.data();
        double[] out = new double[2 * in.length];
        for (int i = 0; i < in.length; i++) {
            double x = in[i];
            double magnitude = Math.abs(x);
            if (magnitude >= threshold) {
                out[2 * i] = Math.log(magnitude) / p;
                out[2 * i + 1] = Math.signum(x);
            } else {
                out[2 * i] = -1;
                out[2 * i + 1] = scale * x;
            }
        }
        return Tensor.wrap(out, in.length, 2);
    }
}
