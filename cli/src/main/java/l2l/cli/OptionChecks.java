package l2l.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of numeric options, run before the values reach a library constructor, so that a
 * bad value is reported with the option's name instead of the name of the class it configures.
 */
final class OptionChecks {

    /** The largest hidden size H whose {@code [4H, H]} weight matrix fits in one Java array. */
    static final int MAX_HIDDEN = (int) Math.sqrt(Integer.MAX_VALUE / 4.0);

    private OptionChecks() {
    }

    /**
     * Checks that a whole-number option is at least {@code minimum}.
     *
     * @throws ParameterException such as {@code --ways must be at least 2, got 1}
     */
    static void requireAtLeast(CommandLine commandLine, String option, long value, long minimum) {
        if (value < minimum) {
            throw new ParameterException(commandLine, option + " must be at least " + minimum + ", got " + value);
        }
    }

    /**
     * Checks that an LSTM's hidden size is at least 1 and small enough for its {@code [4H, H]}
     * recurrent weight matrix to fit in one Java array.
     *
     * @throws ParameterException naming the option, the largest valid size and what to do
     */
    static void requireHiddenSize(CommandLine commandLine, String option, int hidden) {
        requireAtLeast(commandLine, option, hidden, 1);
        if (hidden > MAX_HIDDEN) {
            throw new ParameterException(commandLine, option + " " + hidden + " gives a [4H, H] weight matrix of more values than a "
                    + "Java array holds (" + Integer.MAX_VALUE + "); lower " + option + " to at most " + MAX_HIDDEN);
        }
    }

    /**
     * Checks that a number option is positive and finite.
     *
     * @throws ParameterException such as {@code --learning-rate must be a positive number, got 0.0}
     */
    static void requirePositive(CommandLine commandLine, String option, double value) {
        if (value == Double.POSITIVE_INFINITY) {
            throw new ParameterException(commandLine, option + " must be a positive number below about 1.8e308, the largest double, "
                    + "got one too large for a double");
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new ParameterException(commandLine, option + " must be a positive number, got " + value);
        }
    }

    /**
     * Checks that a batch-normalisation momentum is in (0, 1].
     *
     * @throws ParameterException naming the option and the range
     */
    static void requireMomentum(CommandLine commandLine, String option, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new ParameterException(commandLine, option + " must be in (0, 1], the weight of each new batch's statistics, got "
                    + value);
        }
    }
}
