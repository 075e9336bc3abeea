package l2l.metalearner.fewshot;

import java.util.List;

import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProviders;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * A meta-learner with its parameters, ready to adapt its learner to new tasks and classify their
 * queries: the object that evaluation works with.
 *
 * <p>For every task: a fresh {@link RunningStatistics} (so the running statistics are reset), the
 * T inner steps on the support set from {@code c0}, then the query pass with the batch-normalisation
 * statistics of {@link FewShotSetup#queryStatistics()}. Nothing is recorded for differentiation.
 * The model is immutable, and {@link #accuracy} may run on several threads at once.
 */
public final class FewShotModel {

    private final FewShotSetup setup;
    private final Learner learner;
    private final MetaLearner metaLearner;
    private final Tensor parameters;

    /**
     * Creates the model.
     *
     * @param parameters the flat meta-parameters laid out by {@code new MetaLearner(setup.hidden(), learner.parameterCount())}
     * @throws IllegalArgumentException if the parameters do not fit the learner and the setup
     */
    public FewShotModel(FewShotSetup setup, Learner learner, Tensor parameters) {
        this.setup = setup;
        this.learner = learner;
        this.metaLearner = new MetaLearner(setup.hidden(), learner.parameterCount());
        if (!parameters.hasShape(metaLearner.layout().size())) {
            throw new IllegalArgumentException("FewShotModel: the meta-parameters have shape " + Shapes.toString(parameters.shape())
                    + " but a meta-learner of hidden size " + setup.hidden() + " for " + learner + " needs ["
                    + metaLearner.layout().size() + "]");
        }
        this.parameters = parameters;
    }

    /** Returns the setup. */
    public FewShotSetup setup() {
        return setup;
    }

    /** Returns the learner. */
    public Learner learner() {
        return learner;
    }

    /** Returns the meta-learner's layout and sizes. */
    public MetaLearner metaLearner() {
        return metaLearner;
    }

    /** Returns the flat meta-parameters. */
    public Tensor parameters() {
        return parameters;
    }

    /** Returns the learner's meta-learned initial parameters {@code c0}. */
    public Tensor initialLearnerParameters() {
        return metaLearner.layout().view(parameters, "c0");
    }

    /**
     * Returns this model for tasks of {@code ways} classes: the same meta-learner weights, and
     * {@code c0} with every row of the classifier head set to the mean of the learned rows (see
     * {@link MetaLearner#resizeInitialParameters}). Used to run a 5-way model on Lake's 20-way
     * runs.
     */
    public FewShotModel withWays(int ways, LearnerProviders providers) {
        if (ways == setup.ways()) {
            return this;
        }
        FewShotSetup resized = setup.withWays(ways);
        Learner target = resized.createLearner(providers);
        Tensor c0 = MetaLearner.resizeInitialParameters(initialLearnerParameters(), learner.layout(), target.layout());
        MetaLearner targetMeta = new MetaLearner(setup.hidden(), target.parameterCount());
        java.util.Map<String, Tensor> parts = metaLearner.layout().split(parameters);
        parts.put("c0", c0);
        return new FewShotModel(resized, target, targetMeta.layout().join(parts));
    }

    /** Returns the fraction of the task's queries that the adapted learner classifies correctly. */
    public double accuracy(FewShotTask task) {
        return accuracy(queryLogits(task), task.queryLabels());
    }

    /** Returns the accuracy on every task, in order. */
    public double[] accuracies(List<FewShotTask> tasks) {
        double[] result = new double[tasks.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = accuracy(tasks.get(i));
        }
        return result;
    }

    /** Returns the learner's query logits {@code [Q, ways]} after adapting it to the task's support set. */
    public Tensor queryLogits(FewShotTask task) {
        requireWays(task);
        RunningStatistics statistics = new RunningStatistics(setup.bnMomentum());
        MetaLearner.Adaptation adaptation = metaLearner.adapt(Variable.constant(parameters), learner, task, setup.steps(), setup.p(),
                GradientOrder.FIRST, statistics);
        return learner.logits(adaptation.theta(), task.query(), setup.queryStatistics().mode(), statistics).value();
    }

    private void requireWays(FewShotTask task) {
        if (task.ways() != setup.ways()) {
            throw new IllegalArgumentException("FewShotModel: the model classifies " + setup.ways() + " classes but the task has "
                    + task.ways() + "; use withWays(" + task.ways() + ", providers)");
        }
    }

    /** Returns the fraction of rows of {@code logits [Q, N]} whose largest entry is at the row's label. */
    public static double accuracy(Tensor logits, int[] labels) {
        int[] predictions = logits.argmax(1);
        if (predictions.length != labels.length) {
            throw new IllegalArgumentException("accuracy: " + predictions.length + " predictions for " + labels.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
