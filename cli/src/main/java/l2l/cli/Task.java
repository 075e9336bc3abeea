package l2l.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.learners.ClassificationFamily;
import l2l.learners.ClassificationProblem;
import l2l.learners.QuadraticFamily;
import l2l.metalearner.evaluation.LearningRateSearch;
import l2l.metalearner.problem.Problem;
import l2l.metalearner.problem.ProblemFamily;

/**
 * What an optimizer is trained or compared on: random quadratics, or a learner trained on an image
 * dataset. It builds problem families of any batch size and provides the defaults of its kind: how
 * many problems meta-training, validation, tuning and the comparison use, and how the learning rate
 * of a baseline is scored.
 */
final class Task {

    private final QuadraticFamily quadratic;
    private final ClassificationFamily classification;
    private final Map<String, Object> description;

    private Task(QuadraticFamily quadratic, ClassificationFamily classification, Map<String, Object> description) {
        this.quadratic = quadratic;
        this.classification = classification;
        this.description = description;
    }

    static Task quadratic(int dimension) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("problem", "quadratic");
        description.put("dimension", dimension);
        return new Task(new QuadraticFamily(dimension, 1), null, description);
    }

    static Task classification(ClassificationFamily family, String dataset, Map<String, String> learnerOptions, int batchSize) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("learner", family.learner().name());
        description.put("learner_options", new LinkedHashMap<>(learnerOptions));
        description.put("dataset", dataset);
        description.put("batch_size", batchSize);
        return new Task(null, family, description);
    }

    /** Returns whether the task is the quadratic family. */
    boolean isQuadratic() {
        return quadratic != null;
    }

    /** Returns a short name such as {@code quadratic} or {@code mlp-mnist}. */
    String name() {
        return isQuadratic() ? quadratic.name() : classification.name();
    }

    /** Returns the settings that rebuild this task, as recorded in checkpoints: the keys of the command-line options. */
    Map<String, Object> description() {
        return description;
    }

    /** Returns the family whose samples are batches of {@code problems}. */
    ProblemFamily family(int problems) {
        return isQuadratic() ? quadratic.withProblems(problems) : classification.withProblems(problems);
    }

    /** Returns the problems per meta-iteration by default: 128 quadratics, or one learner. */
    int defaultTrainingProblems() {
        return isQuadratic() ? 128 : 1;
    }

    /** Returns the number of fixed validation problems by default: 128 quadratics, or 4 learners. */
    int defaultValidationProblems() {
        return isQuadratic() ? 128 : 4;
    }

    /** Returns the number of tuning problems by default: 100 quadratics, or 10 learners. */
    int defaultTuningProblems() {
        return isQuadratic() ? 100 : 10;
    }

    /** Returns the number of held-out test problems by default: 100 quadratics, or 20 learners. */
    int defaultTestProblems() {
        return isQuadratic() ? 100 : 20;
    }

    /**
     * Returns how a tuning run is scored: the mean loss at its last step for quadratics, and the
     * mean loss on the whole training set after the last step for a learner, which is free of
     * minibatch noise.
     */
    LearningRateSearch.Score tuningScore(Problem tuning) {
        if (isQuadratic()) {
            return curve -> curve.mean(curve.steps());
        }
        ClassificationProblem problem = (ClassificationProblem) tuning;
        return curve -> {
            double sum = 0;
            for (double loss : problem.trainingLoss(curve.finalParameters())) {
                sum += loss;
            }
            return sum / problem.problemCount();
        };
    }

    /** Returns a description of {@link #tuningScore} for tables and results. */
    String tuningScoreDescription(int steps) {
        return isQuadratic() ? "mean loss at step " + steps : "mean loss on the whole training set at step " + steps;
    }
}
