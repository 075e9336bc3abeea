package l2l.cli.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import l2l.datasets.ClassDataset;
import l2l.datasets.EpisodeShape;
import l2l.datasets.DatasetException;
import l2l.learners.ClassificationFamily;
import l2l.learners.QuadraticFamily;
import l2l.learners.fewshot.EpisodeTasks;
import l2l.metalearner.coordinatewise.CoordinatewiseLstm;
import l2l.metalearner.coordinatewise.LearnedOptimizer;
import l2l.metalearner.coordinatewise.LstmOptimizerConfig;
import l2l.metalearner.coordinatewise.LstmOptimizerState;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.metalearner.coordinatewise.MetaTrainer;
import l2l.metalearner.coordinatewise.NonFiniteLossException;
import l2l.metalearner.coordinatewise.Unroll;
import l2l.metalearner.evaluation.OptimizerRun;
import l2l.metalearner.fewshot.FewShotException;
import l2l.metalearner.fewshot.FewShotSetup;
import l2l.metalearner.fewshot.FewShotTask;
import l2l.metalearner.fewshot.GradientOrder;
import l2l.metalearner.fewshot.MetaTrainingConfig;
import l2l.metalearner.fewshot.QueryStatistics;
import l2l.metalearner.optim.Adam;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProviders;
import l2l.metalearner.problem.Problem;
import l2l.metalearner.problem.ProblemFamily;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * The benchmark workloads, each built on the code paths of training and evaluation: the
 * coordinate-wise meta-iteration of {@link Unroll} and {@link MetaTrainer#flatGradient}, the
 * few-shot episode of {@link l2l.metalearner.fewshot.MetaTrainer#episode}, and
 * {@link OptimizerRun} with a {@link LearnedOptimizer}.
 */
final class Workloads {

    private Workloads() {
    }

    /**
     * Returns meta-training of a coordinate-wise LSTM optimizer with its default settings: one run
     * is one meta-iteration, an unroll of {@code unroll} steps, its meta-gradient and one Adam
     * step. A fresh problem is sampled, untimed, every {@code horizon} steps, as in training.
     */
    static Workload coordinatewiseMetaTraining(String name, ProblemFamily family, int unroll, int horizon, long seed) {
        return new CoordinatewiseMetaTraining(name, family, unroll, horizon, seed);
    }

    /** Returns a family of {@code problems} quadratics of dimension {@code dimension}. */
    static ProblemFamily quadratics(int dimension, int problems) {
        return new QuadraticFamily(dimension, problems);
    }

    /** Returns a family of single MLP trainings, {@code 784-width-10} on 28 x 28 images. */
    static ClassificationFamily mlps(MnistData data, int width, int batchSize) {
        Learner mlp = LearnerProviders.load().find("mlp").create(new l2l.metalearner.problem.LearnerSpec(
                new int[] {1, data.training().height(), data.training().width()}, data.classes(), Map.of("width", Integer.toString(width))));
        return new ClassificationFamily(mlp, data.training(), data.test(), data.name(), 1, batchSize);
    }

    /**
     * Returns the trained-optimizer workload: one run applies a {@link LearnedOptimizer} without a
     * meta-gradient for {@code steps} steps to a fresh problem of the family, through
     * {@link OptimizerRun}, which also computes each step's loss and gradient.
     */
    static Workload learnedOptimizer(String name, ProblemFamily family, LstmOptimizerWeights weights, int steps, long seed) {
        return new LearnedOptimizerRuns(name, family, weights, steps, seed);
    }

    /**
     * Returns few-shot meta-training of the meta-learner LSTM with first-order meta-gradients:
     * one run is one episode (T inner steps on the support set, the query loss, its meta-gradient,
     * clipping and one Adam step). Tasks come from the meta-training classes and are read untimed.
     */
    static Workload fewShotMetaTraining(String name, ClassDataset classes, int ways, int shots, int queries, int steps, int filters,
            long seed) throws DatasetException, FewShotException {
        FewShotSetup setup = new FewShotSetup("conv4", Map.of("filters", Integer.toString(filters)), new int[] {1, 28, 28}, ways, shots,
                queries, 20, steps, 10, GradientOrder.FIRST, FewShotSetup.DEFAULT_BN_MOMENTUM, QueryStatistics.SUPPORT);
        return new FewShotMetaTraining(name, setup, classes, seed);
    }

    private static final class CoordinatewiseMetaTraining implements Workload {

        private final String name;
        private final ProblemFamily family;
        private final int unroll;
        private final int horizon;
        private final TensorRandom problemSeeds;
        private final LstmOptimizerConfig config = LstmOptimizerConfig.DEFAULT;
        private final Adam metaOptimizer = new Adam(Adam.DEFAULT_LEARNING_RATE);
        private Tensor flat;
        private LstmOptimizerWeights weights;
        private Problem problem;
        private Tensor parameters;
        private LstmOptimizerState state;
        private int firstStep;

        CoordinatewiseMetaTraining(String name, ProblemFamily family, int unroll, int horizon, long seed) {
            this.name = name;
            this.family = family;
            this.unroll = unroll;
            this.horizon = horizon;
            this.problemSeeds = new TensorRandom(seed + 1);
            this.weights = LstmOptimizerWeights.initialize(config, new TensorRandom(seed));
            this.flat = weights.flatten();
            metaOptimizer.reset(flat.size());
            this.firstStep = horizon;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unit() {
            return "meta-iteration";
        }

        @Override
        public LstmProducts products() {
            int hidden = config.hiddenSize();
            int firstInput = config.preprocessing() ? 2 : 1;
            return new LstmProducts(family.parameterCount(), new int[] {firstInput + hidden, 2 * hidden}, 4 * hidden, unroll, 3);
        }

        @Override
        public void prepare() {
            if (firstStep + unroll > horizon) {
                problem = family.sample(problemSeeds.nextLong(), horizon);
                parameters = problem.initialParameters();
                state = LstmOptimizerState.zeros(parameters.size(), config.hiddenSize());
                firstStep = 0;
            }
        }

        @Override
        public void run() throws NonFiniteLossException {
            CoordinatewiseLstm network = CoordinatewiseLstm.parameters(weights);
            Unroll.Result result = Unroll.run(network, problem, parameters, state, firstStep, unroll);
            Tensor gradient = MetaTrainer.flatGradient(result.metaLoss(), network, firstStep + unroll);
            flat = metaOptimizer.step(flat, gradient);
            weights = LstmOptimizerWeights.fromFlat(config, flat);
            parameters = result.parameters();
            state = result.state().detach();
            firstStep += unroll;
        }
    }

    private static final class LearnedOptimizerRuns implements Workload {

        private final String name;
        private final ProblemFamily family;
        private final LstmOptimizerWeights weights;
        private final int steps;
        private final TensorRandom problemSeeds;
        private Problem problem;

        LearnedOptimizerRuns(String name, ProblemFamily family, LstmOptimizerWeights weights, int steps, long seed) {
            this.name = name;
            this.family = family;
            this.weights = weights;
            this.steps = steps;
            this.problemSeeds = new TensorRandom(seed + 2);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unit() {
            return steps + "-step run";
        }

        @Override
        public LstmProducts products() {
            LstmOptimizerConfig config = weights.config();
            int hidden = config.hiddenSize();
            int firstInput = config.preprocessing() ? 2 : 1;
            return new LstmProducts(family.parameterCount(), new int[] {firstInput + hidden, 2 * hidden}, 4 * hidden, steps, 1);
        }

        @Override
        public void prepare() {
            problem = family.sample(problemSeeds.nextLong(), steps);
        }

        @Override
        public void run() throws NonFiniteLossException {
            OptimizerRun.Curve curve = OptimizerRun.run(new LearnedOptimizer(weights), problem, steps);
            if (curve.diverged()) {
                throw new NonFiniteLossException("the learned optimizer diverged at step " + curve.divergedAt() + " of the benchmark run "
                        + "on " + name, curve.divergedAt(), -1);
            }
        }
    }

    private static final class FewShotMetaTraining implements Workload {

        private final String name;
        private final FewShotSetup setup;
        private final Learner learner;
        private final EpisodeTasks tasks;
        private final l2l.metalearner.fewshot.MetaTrainer trainer;
        private final MetaTrainingConfig config;
        private final Adam adam;
        private Tensor parameters;
        private FewShotTask task;
        private long nextTask;

        FewShotMetaTraining(String name, FewShotSetup setup, ClassDataset classes, long seed) throws DatasetException, FewShotException {
            this.name = name;
            this.setup = setup;
            this.learner = setup.createLearner(LearnerProviders.load());
            this.tasks = EpisodeTasks.create(classes, new EpisodeShape(setup.ways(), setup.shots(), setup.queries()), seed);
            this.config = new MetaTrainingConfig(1, MetaTrainingConfig.DEFAULT_LEARNING_RATE, MetaTrainingConfig.DEFAULT_CLIP_NORM, 1, 1,
                    seed);
            // The trainer only computes episodes here: train() is never called, so it writes no
            // checkpoint to the folder and never validates on the task given.
            this.trainer = new l2l.metalearner.fewshot.MetaTrainer(setup, learner, config, tasks, List.of(tasks.task(0)),
                    Path.of(System.getProperty("java.io.tmpdir")), Map.of());
            this.parameters = trainer.initialState().parameters();
            this.adam = new Adam(config.learningRate());
            adam.reset(parameters.size());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unit() {
            return "episode";
        }

        @Override
        public LstmProducts products() {
            int hidden = setup.hidden();
            return new LstmProducts(learner.parameterCount(), new int[] {l2l.metalearner.fewshot.MetaLearner.INPUTS + hidden}, 4 * hidden,
                    setup.steps(), 3);
        }

        @Override
        public void prepare() throws FewShotException {
            task = tasks.task(nextTask++);
        }

        @Override
        public void run() throws NonFiniteLossException {
            l2l.metalearner.fewshot.MetaTrainer.EpisodeResult result = trainer.episode(parameters, task);
            if (!Double.isFinite(result.metaLoss()) || !Double.isFinite(result.gradientNorm())) {
                throw new NonFiniteLossException("the meta-loss or meta-gradient of benchmark episode " + nextTask + " on " + name
                        + " is not finite", setup.steps(), -1);
            }
            Tensor clipped = l2l.metalearner.fewshot.MetaTrainer.clip(result.gradient(), result.gradientNorm(), config.clipNorm());
            parameters = adam.step(parameters, clipped);
        }
    }
}
