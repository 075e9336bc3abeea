package l2l.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import l2l.cli.options.DataLocations;
import l2l.datasets.DatasetException;
import l2l.datasets.catalog.DatasetKind;
import l2l.datasets.catalog.FoundDataset;
import l2l.datasets.idx.LabelledImages;
import l2l.datasets.idx.MnistFolder;
import l2l.learners.ClassificationFamily;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerProviders;
import l2l.metalearner.problem.LearnerSpec;
import l2l.metalearner.problem.UnknownLearnerException;
import l2l.tensor.TensorSizeException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that choose the problem family: {@code --problem quadratic}, or
 * {@code --learner NAME --dataset NAME} with learner options. Used by {@code train} and
 * {@code compare}; {@code compare} falls back on the family recorded in the checkpoint.
 */
final class ProblemOptions {

    /** The dimension of the quadratics when {@code --dimension} is not given. */
    static final int DEFAULT_DIMENSION = 10;

    @Option(names = "--problem", paramLabel = "NAME", description = "The problem family without data: quadratic. No default: give --problem, or --learner with --dataset.")
    String problem;

    @Option(names = "--dimension", paramLabel = "D",
            description = "Coordinates of theta in each quadratic f(theta) = ||W theta - y||^2 (default: " + DEFAULT_DIMENSION + ").")
    Integer dimension;

    @Option(names = "--learner", paramLabel = "NAME", description = "The learner to train on --dataset, such as mlp; 'l2l learners' lists them.")
    String learner;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "An MNIST-style dataset as 'l2l datasets' lists it: mnist (the bundled 10,000 digits, mnist-10k, "
                    + "unless a dataset named mnist is found) or fashion-mnist. No default: give it with --learner.")
    String dataset;

    @Option(names = "--learner-option", paramLabel = "KEY=VALUE", parameterConsumer = KeyValueConsumer.class,
            description = "A learner setting, repeatable. For mlp: width (default 20), depth (hidden layers, default 1), "
                    + "activation (sigmoid, relu or tanh; default sigmoid), init-std (every weight and bias drawn from N(0, "
                    + "init-std^2); default: weights with variance 1/fan-in, zero biases). 'l2l learners' lists every learner's "
                    + "settings.")
    Map<String, String> learnerOptions = new LinkedHashMap<>();

    @Option(names = "--batch-size", paramLabel = "B", description = "Examples per minibatch of a learner's training step (default: "
            + ClassificationFamily.DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    private final Provider<LearnerProviders> learnerProviders;

    /** The checkpoint that {@link #fillFrom} took the learner from, or null when the command line names it. */
    private Path recordedIn;

    @Inject
    ProblemOptions(Provider<LearnerProviders> learnerProviders) {
        this.learnerProviders = learnerProviders;
    }

    /** Returns whether any option of this group was given. */
    boolean isSet() {
        return problem != null || learner != null || dataset != null;
    }

    /**
     * Builds the task from the options.
     *
     * @throws ParameterException for a missing, unknown or conflicting choice
     * @throws DatasetException if the dataset is missing or invalid
     * @throws CheckpointException if the learner was taken from a checkpoint by {@link #fillFrom} and is not found or too
     *     large to build
     */
    Task resolve(CommandLine commandLine, DataLocations locations) throws DatasetException, CheckpointException {
        if (problem != null && (learner != null || dataset != null)) {
            throw new ParameterException(commandLine, "Choose either --problem or --learner with --dataset, not both");
        }
        if (problem != null) {
            if (!problem.equals("quadratic")) {
                throw new ParameterException(commandLine, "Unknown problem '" + problem + "'; the family without data is quadratic. "
                        + "For a learner on data use --learner mlp --dataset mnist");
            }
            if (!learnerOptions.isEmpty() || batchSize != null) {
                String option = learnerOptions.isEmpty() ? "--batch-size" : "--learner-option";
                throw new ParameterException(commandLine, option + " applies to a learner (--learner with --dataset), but the problem "
                        + "family is quadratic; leave it out");
            }
            int d = dimension == null ? DEFAULT_DIMENSION : dimension;
            if (d < 1) {
                throw new ParameterException(commandLine, "--dimension must be at least 1, got " + d);
            }
            return Task.quadratic(d);
        }
        if (learner != null && dataset == null) {
            throw new ParameterException(commandLine, "--learner " + learner + " needs --dataset, the data it trains on, such as --dataset "
                    + "mnist; 'l2l datasets' lists them");
        }
        if (learner == null && dataset != null) {
            throw new ParameterException(commandLine, "--dataset " + dataset + " needs --learner, the model trained on it, such as "
                    + "--learner mlp; 'l2l learners' lists them");
        }
        if (learner == null) {
            throw new ParameterException(commandLine, "Choose a problem family: --problem quadratic, or --learner mlp --dataset mnist");
        }
        if (dimension != null) {
            throw new ParameterException(commandLine, "--dimension applies to --problem quadratic, not to --learner " + learner
                    + "; leave it out, and set the learner's sizes with --learner-option");
        }
        int batch = batchSize == null ? ClassificationFamily.DEFAULT_BATCH_SIZE : batchSize;
        if (batch < 1) {
            throw new ParameterException(commandLine, "--batch-size must be at least 1, got " + batch);
        }

        FoundDataset found = locations.requireDataset(dataset);
        if (found.kind() != DatasetKind.MNIST) {
            throw new DatasetException(found.location(), "dataset '" + found.name() + "' is " + found.kind().label()
                    + ", but a learner trains on an MNIST-style IDX dataset such as mnist or fashion-mnist");
        }
        LabelledImages training = MnistFolder.load(found.location(), MnistFolder.Part.TRAIN);
        LabelledImages test = MnistFolder.load(found.location(), MnistFolder.Part.TEST);
        if (batch > training.size()) {
            // Minibatches are drawn with replacement, so a larger one would work, but it only repeats images at a higher cost.
            throw new ParameterException(commandLine, "--batch-size " + batch + " is larger than the " + training.size()
                    + " training images of " + found.name() + "; give at most " + training.size());
        }

        Learner model;
        try {
            LearnerProvider provider = learnerProviders.get().find(learner);
            model = provider.create(new LearnerSpec(new int[] {1, training.height(), training.width()}, MnistFolder.CLASS_COUNT,
                    learnerOptions));
        } catch (UnknownLearnerException e) {
            if (recordedIn != null) {
                throw new CheckpointException(recordedIn, "its learner cannot be built: " + e.getMessage(), e);
            }
            throw new ParameterException(commandLine, UnknownLearners.messageOf(e));
        } catch (TensorSizeException e) {
            if (recordedIn != null) {
                throw new CheckpointException(recordedIn, "its learner is too large to build: " + e.getMessage(), e);
            }
            throw new ParameterException(commandLine, "The learner " + learner + " is too large to build: " + e.getMessage()
                    + "; lower its sizes in --learner-option, such as width");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
        ClassificationFamily family = new ClassificationFamily(model, training, test, dataset, 1, batch);
        return Task.classification(family, dataset, learnerOptions, batch);
    }

    /**
     * Sets the options from a task description recorded by {@link Task#description()} in
     * {@code checkpoint}, for those not given on the command line.
     */
    @SuppressWarnings("unchecked")
    void fillFrom(Map<String, Object> recorded, Path checkpoint) {
        if (isSet() || recorded == null) {
            return;
        }
        if ("quadratic".equals(recorded.get("problem"))) {
            problem = "quadratic";
            if (dimension == null && recorded.get("dimension") instanceof Number number) {
                dimension = number.intValue();
            }
            return;
        }
        if (recorded.get("learner") instanceof String name && recorded.get("dataset") instanceof String data) {
            learner = name;
            recordedIn = checkpoint;
            dataset = data;
            if (recorded.get("learner_options") instanceof Map<?, ?> options && learnerOptions.isEmpty()) {
                ((Map<String, Object>) options).forEach((key, value) -> learnerOptions.put(key, String.valueOf(value)));
            }
            if (batchSize == null && recorded.get("batch_size") instanceof Number number) {
                batchSize = number.intValue();
            }
        }
    }

    /** Returns the recorded task of a checkpoint's provenance, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> recordedTask(Map<String, Object> provenance) {
        Object task = provenance.get("task");
        return task instanceof Map ? (Map<String, Object>) task : null;
    }

}
