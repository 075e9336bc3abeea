package com.example.l2l.rnn;

import java.util.Map;

import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;

/**
 * Provides {@link RowRnnLearner} under the name {@value RowRnnLearner#NAME}, with the option
 * {@code hidden}. The service loader creates it through the public no-argument constructor.
 */
public final class RowRnnProvider implements LearnerProvider {

    /** The number of hidden units when the option {@code hidden} is not given. */
    public static final int DEFAULT_HIDDEN = 16;

    /** Creates the provider; the service loader calls this constructor. */
    public RowRnnProvider() {
    }

    @Override
    public String name() {
        return RowRnnLearner.NAME;
    }

    @Override
    public String description() {
        return "example: an Elman RNN with a tanh cell that reads an image one pixel row per step";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("hidden", "hidden units of the recurrent cell (default " + DEFAULT_HIDDEN + ")");
    }

    @Override
    public Learner create(LearnerSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!options().containsKey(key)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' of learner " + RowRnnLearner.NAME + "; it takes "
                        + options().keySet());
            }
        }
        return new RowRnnLearner(spec.inputShape(), spec.classes(), spec.positiveIntOption("hidden", DEFAULT_HIDDEN));
    }
}
