package l2l.metalearner.coordinatewise;

import java.util.Locale;

import l2l.autodiff.Variable;

/**
 * The rule that turns the mean loss after each step of an unroll into the meta-loss, and that
 * scores a validation run.
 *
 * <p>With {@code L_k} the mean loss over the batch after step {@code k} of an unroll:
 * <ul>
 *   <li>{@link #SUM}: {@code sum_k L_k}, the meta-loss of Andrychowicz et al. (2016) with all
 *       weights {@code w_t = 1}. Steps with large losses, usually the first ones, dominate it.
 *   <li>{@link #LOG}: {@code sum_k log L_k}. A step counts by its relative change of the loss,
 *       {@code dL_k / L_k}, so late steps with small losses weigh as much as early ones. It needs
 *       positive losses.
 * </ul>
 * A validation run is scored by the mean of the same per-step term over its steps.
 */
public enum MetaLoss {

    /** The sum of the mean losses, as in Andrychowicz et al. (2016). */
    SUM {
        @Override
        Variable term(Variable meanLoss) {
            return meanLoss;
        }

        @Override
        double term(double meanLoss) {
            return meanLoss;
        }
    },

    /** The sum of the logarithms of the mean losses. */
    LOG {
        @Override
        Variable term(Variable meanLoss) {
            return meanLoss.log();
        }

        @Override
        double term(double meanLoss) {
            return Math.log(meanLoss);
        }
    };

    /** Returns the contribution of a step whose mean loss is {@code meanLoss} to the meta-loss. */
    abstract Variable term(Variable meanLoss);

    /** Returns the contribution of a step whose mean loss is {@code meanLoss} to the validation score. */
    abstract double term(double meanLoss);

    /** Returns the name used on the command line and in files: {@code sum} or {@code log}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the meta-loss named {@code label}, ignoring case.
     *
     * @throws IllegalArgumentException if no meta-loss has that name
     */
    public static MetaLoss fromLabel(String label) {
        for (MetaLoss loss : values()) {
            if (loss.label().equalsIgnoreCase(label)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("Unknown meta-loss '" + label + "'; use sum or log");
    }
}
