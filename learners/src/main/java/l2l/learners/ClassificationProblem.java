package l2l.learners;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.NoGrad;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.Problem;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * A batch of m trainings of one learner on fixed minibatches, sampled by
 * {@link ClassificationFamily}. The flat parameter vector {@code [m P]} holds the m learners'
 * parameter vectors one after the other. Besides the minibatch losses, it evaluates parameters on
 * the whole training set and on the test set.
 */
public final class ClassificationProblem implements Problem {

    /** Images per chunk in the full-set evaluations, which bounds their memory. */
    private static final int EVALUATION_CHUNK = 2000;

    private final Learner learner;
    private final ClassificationData data;
    private final Tensor initial;
    private final int[][][] minibatches;
    private final int parameterCount;

    ClassificationProblem(Learner learner, ClassificationData data, double[] initial, int[][][] minibatches) {
        this.learner = learner;
        this.data = data;
        this.initial = Tensor.of(initial, initial.length);
        this.minibatches = minibatches;
        this.parameterCount = learner.parameterCount();
    }

    @Override
    public Tensor initialParameters() {
        return initial;
    }

    @Override
    public int problemCount() {
        return minibatches.length;
    }

    /** Returns the last step whose minibatch is fixed. */
    public int horizon() {
        return minibatches[0].length - 1;
    }

    @Override
    public Variable losses(Variable parameters, int step) {
        checkParameters(parameters.value());
        if (step < 0 || step > horizon()) {
            throw new IllegalArgumentException("ClassificationProblem: step " + step + " is outside 0.." + horizon());
        }
        int problems = minibatches.length;
        Variable[] losses = new Variable[problems];
        for (int i = 0; i < problems; i++) {
            int[] indices = minibatches[i][step];
            Variable own = problems == 1 ? parameters : parameters.slice(0, i * parameterCount, (i + 1) * parameterCount);
            losses[i] = learner.loss(own, data.trainingBatch(indices), data.training().labels(indices)).reshape(1);
        }
        return problems == 1 ? losses[0] : Variable.concat(0, losses);
    }

    /** Returns the mean cross-entropy of every problem's parameters on the whole training set, {@code [m]}. */
    public double[] trainingLoss(Tensor parameters) {
        return evaluate(parameters, data.trainingImages(), data.training().labels())[0];
    }

    /** Returns the mean cross-entropy of every problem's parameters on the test set, {@code [m]}. */
    public double[] testLoss(Tensor parameters) {
        return evaluate(parameters, data.testImages(), data.test().labels())[0];
    }

    /** Returns the fraction of test images every problem's parameters classify correctly, {@code [m]}. */
    public double[] testAccuracy(Tensor parameters) {
        return evaluate(parameters, data.testImages(), data.test().labels())[1];
    }

    /** Returns the mean loss and the accuracy of every problem on {@code images}. */
    private double[][] evaluate(Tensor parameters, Tensor images, int[] labels) {
        checkParameters(parameters);
        int problems = minibatches.length;
        int count = labels.length;
        double[][] result = new double[2][problems];
        try (NoGrad scope = NoGrad.enter()) {
            for (int i = 0; i < problems; i++) {
                Variable own = Variable.constant(parameters.slice(0, i * parameterCount, (i + 1) * parameterCount));
                double lossSum = 0;
                int correct = 0;
                for (int start = 0; start < count; start += EVALUATION_CHUNK) {
                    int end = Math.min(count, start + EVALUATION_CHUNK);
                    int[] chunkLabels = java.util.Arrays.copyOfRange(labels, start, end);
                    Variable logits = learner.logits(own, images.slice(0, start, end));
                    lossSum += NeuralOps.softmaxCrossEntropy(logits, chunkLabels).value().item() * (end - start);
                    int[] predicted = logits.value().argmax(1);
                    for (int j = 0; j < predicted.length; j++) {
                        if (predicted[j] == chunkLabels[j]) {
                            correct++;
                        }
                    }
                }
                result[0][i] = lossSum / count;
                result[1][i] = (double) correct / count;
            }
        }
        return result;
    }

    private void checkParameters(Tensor parameters) {
        int expected = minibatches.length * parameterCount;
        if (!parameters.hasShape(expected)) {
            throw new IllegalArgumentException("ClassificationProblem: parameters have shape " + Shapes.toString(parameters.shape())
                    + " but " + minibatches.length + " problems of " + parameterCount + " parameters need [" + expected + "]");
        }
    }
}
