package l2l.learners;

import java.util.LinkedHashMap;
import java.util.Map;

import l2l.datasets.idx.LabelledImages;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.ProblemFamily;
import l2l.tensor.Shapes;
import l2l.tensor.TensorRandom;

/**
 * Training a {@link Learner} on a labelled image dataset, such as an MLP on MNIST, as a problem
 * family. A sample is a batch of {@code problems} independent trainings: each has its own initial
 * parameters and its own minibatch of {@code batchSize} training images for every step, drawn
 * uniformly with replacement. The seed fixes both, drawn in the order: the initial parameters of
 * every problem, then the minibatches of every problem, step by step.
 *
 * <p>The loss of a problem at step t is the learner's mean softmax cross-entropy on its step-t
 * minibatch. The images are given to the learner in shape {@code [B, 1, H, W]}, pixels in
 * {@code [0, 1]}.
 */
public final class ClassificationFamily implements ProblemFamily {

    /** The default minibatch size. */
    public static final int DEFAULT_BATCH_SIZE = 128;

    private final Learner learner;
    private final LabelledImages training;
    private final LabelledImages test;
    private final String datasetName;
    private final int problems;
    private final int batchSize;
    private final ClassificationData data;

    /**
     * Creates the family.
     *
     * @param learner the model trained; its input shape must be {@code [1, H, W]} of the images
     * @param training the images minibatches are drawn from
     * @param test the held-out images of the evaluation helpers
     * @param datasetName the dataset's name, recorded by {@link #describe()}
     * @param problems the trainings per sample, at least 1
     * @param batchSize the minibatch size, at least 1
     */
    public ClassificationFamily(Learner learner, LabelledImages training, LabelledImages test, String datasetName, int problems,
            int batchSize) {
        this(learner, new ClassificationData(training, test), datasetName, problems, batchSize);
    }

    private ClassificationFamily(Learner learner, ClassificationData data, String datasetName, int problems, int batchSize) {
        int[] imageShape = {1, data.training().height(), data.training().width()};
        if (!java.util.Arrays.equals(learner.inputShape(), imageShape)) {
            throw new IllegalArgumentException("Classification family: learner " + learner.name() + " takes inputs "
                    + Shapes.toString(learner.inputShape()) + " but the images are " + Shapes.toString(imageShape));
        }
        if (problems < 1 || batchSize < 1) {
            throw new IllegalArgumentException("Classification family: problem count and batch size must be at least 1, got "
                    + problems + " and " + batchSize);
        }
        // The parameters of all problems form one vector, so their count must fit one array.
        Shapes.size(problems, learner.parameterCount());
        this.learner = learner;
        this.data = data;
        this.training = data.training();
        this.test = data.test();
        this.datasetName = datasetName;
        this.problems = problems;
        this.batchSize = batchSize;
    }

    /** Returns the same family with another number of trainings per sample; the image data is shared. */
    public ClassificationFamily withProblems(int count) {
        return new ClassificationFamily(learner, data, datasetName, count, batchSize);
    }

    @Override
    public String name() {
        return learner.name() + "-" + datasetName;
    }

    /** Returns the learner. */
    public Learner learner() {
        return learner;
    }

    /** Returns the number of trainings per sample. */
    public int problems() {
        return problems;
    }

    @Override
    public int parameterCount() {
        return problems * learner.parameterCount();
    }

    @Override
    public ClassificationProblem sample(long seed, int horizon) {
        if (horizon < 0) {
            throw new IllegalArgumentException("Classification family: horizon must not be negative, got " + horizon);
        }
        TensorRandom random = new TensorRandom(seed);
        int parameters = learner.parameterCount();
        double[] initial = new double[problems * parameters];
        for (int i = 0; i < problems; i++) {
            learner.initialParameters(random).copyTo(initial, i * parameters);
        }
        int[][][] minibatches = new int[problems][horizon + 1][batchSize];
        for (int i = 0; i < problems; i++) {
            for (int step = 0; step <= horizon; step++) {
                for (int j = 0; j < batchSize; j++) {
                    minibatches[i][step][j] = random.nextInt(training.size());
                }
            }
        }
        return new ClassificationProblem(learner, data, initial, minibatches);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name());
        description.put("learner", learner.name());
        description.put("parameters_per_problem", learner.parameterCount());
        if (learner instanceof MlpLearner mlp) {
            description.put("hidden_widths", mlp.hiddenWidths());
            description.put("activation", mlp.activation().key());
        }
        description.put("dataset", datasetName);
        description.put("training_images", training.size());
        description.put("test_images", test.size());
        description.put("batch_size", batchSize);
        description.put("problems", problems);
        return description;
    }
}
