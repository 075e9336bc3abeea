package l2l.metalearner.coordinatewise;

import l2l.metalearner.optim.HandDesignedOptimizers;
import l2l.metalearner.optim.Optimizer;

/**
 * Imitation of a hand-designed optimizer during meta-training, after Chen et al. (2020),
 * "Training stronger baselines for learning to optimize". On every {@code every}-th training
 * problem the teacher, not the LSTM, moves the parameters, and the LSTM reads the gradients along
 * the teacher's path and is trained to propose the teacher's updates. The other problems are
 * trained on the meta-loss as usual. Imitation shows the LSTM updates that keep lowering the loss
 * in late steps, which the paper's meta-loss, dominated by the large losses of the first steps,
 * rewards little.
 *
 * <p>The imitation loss of an unroll is {@code sum_k ||u_k - t_k||^2 / ||t_k||^2}, with
 * {@code u_k} the LSTM's update and {@code t_k} the teacher's at step {@code k}. Dividing by the
 * teacher's update makes every step count by its relative error, so the small updates of late
 * steps weigh as much as the large first ones.
 *
 * @param teacher the name of a hand-designed optimizer, one of {@link HandDesignedOptimizers#NAMES}
 * @param learningRate the teacher's learning rate, positive and finite
 * @param every the teacher drives every {@code every}-th training problem, at least 1; 1 makes
 *     every problem an imitation problem, 2 alternates
 */
public record Imitation(String teacher, double learningRate, int every) {

    /** Validates the settings. */
    public Imitation {
        if (!HandDesignedOptimizers.NAMES.contains(teacher)) {
            throw new IllegalArgumentException("Imitation: unknown teacher '" + teacher + "'; use one of " + HandDesignedOptimizers.NAMES);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("Imitation: the teacher's learning rate must be a positive finite number, got " + learningRate);
        }
        if (every < 1) {
            throw new IllegalArgumentException("Imitation: the teacher must drive every k-th problem with k at least 1, got " + every);
        }
    }

    /** Returns whether the teacher drives training problem {@code problem}, counted from 1. */
    public boolean drives(int problem) {
        return problem % every == 0;
    }

    /** Returns a new teacher, reset for {@code parameterCount} coordinates. */
    public Optimizer newTeacher(int parameterCount) {
        Optimizer optimizer = HandDesignedOptimizers.create(teacher, learningRate);
        optimizer.reset(parameterCount);
        return optimizer;
    }

    /** Returns the form the command line takes, such as {@code nag:1.0}. */
    public String describe() {
        return teacher + ":" + learningRate;
    }
}
