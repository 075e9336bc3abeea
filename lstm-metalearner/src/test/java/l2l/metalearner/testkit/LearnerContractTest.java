package l2l.metalearner.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l2l.autodiff.GradientCheck;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerSpec;
import l2l.metalearner.problem.NormalizationMode;
import l2l.metalearner.problem.ParameterBlock;
import l2l.metalearner.problem.ParameterLayout;
import l2l.metalearner.problem.RunningStatistics;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.Tolerance;

/**
 * The contract of {@link Learner} and {@link LearnerProvider} as JUnit 5 tests. A learner's module
 * extends this class in its tests and returns its provider; the inherited tests then check that
 *
 * <ol>
 *   <li>the provider's name and one-line description are usable in listings, and the learner has
 *       the provider's name;
 *   <li>{@link Learner#parameterCount()} equals the size of the flat {@link ParameterLayout}, whose
 *       blocks follow each other from offset 0, and the initial parameters are {@code [n]};
 *   <li>the same random seed gives the same initial parameters, bit for bit;
 *   <li>the logits are {@code [B, classes]} and the loss is a finite scalar on a sample batch;
 *   <li>the gradient of the loss with respect to the parameters passes {@link GradientCheck};
 *   <li>the batch-normalisation modes agree: {@code BATCH} and {@code BATCH_AND_TRACK} give the
 *       logits of {@link Learner#logits(Variable, Tensor)}, and {@code RUNNING} gives finite
 *       logits after tracking, the same ones for a learner without batch normalisation;
 *   <li>inputs of a wrong shape and parameters of a wrong size are rejected with an
 *       {@link IllegalArgumentException} whose message names the shape received.
 * </ol>
 *
 * <pre>{@code
 * class MyLearnerContractTest extends LearnerContractTest {
 *     @Override
 *     protected LearnerProvider provider() {
 *         return new MyLearnerProvider();
 *     }
 * }
 * }</pre>
 *
 * The gradient check compares every coordinate with two extra evaluations of the loss each, so
 * override {@link #spec()} to give a model of at most a few thousand parameters.
 */
public abstract class LearnerContractTest {

    /** Returns the provider under test. */
    protected abstract LearnerProvider provider();

    /**
     * Returns the data shape and options of the learner under test. The default is one-channel
     * images of 6 x 6 pixels in 3 classes, without options.
     */
    protected LearnerSpec spec() {
        return new LearnerSpec(new int[] {1, 6, 6}, 3);
    }

    /** Returns the number of examples in the sample batch, 4 by default. */
    protected int batchSize() {
        return 4;
    }

    /** Returns the sample inputs {@code [batch, inputShape...]}: standard normal values by default. */
    protected Tensor sampleInputs(TensorRandom random, int batch, int[] inputShape) {
        return random.normal(0, 1, withBatch(batch, inputShape));
    }

    /**
     * Returns the allowed difference between reverse-mode and finite-difference gradients; the
     * default is {@link GradientCheck#DEFAULT_TOLERANCE}.
     */
    protected Tolerance gradientTolerance() {
        return GradientCheck.DEFAULT_TOLERANCE;
    }

    /** Returns the learner the provider builds for {@link #spec()}. */
    protected final Learner learner() {
        return provider().create(spec());
    }

    @Test
    public void providerDescribesLearner() {
        LearnerProvider provider = provider();

        assertFalse(provider.name().isBlank(), "the provider's name is blank");
        assertFalse(provider.name().chars().anyMatch(Character::isWhitespace),
                "the provider's name '" + provider.name() + "' contains white space, so --learner cannot take it as one word");
        assertFalse(provider.description().isBlank(), "the description of learner " + provider.name() + " is blank");
        assertFalse(provider.description().contains("\n"), "the description of learner " + provider.name() + " is not one line");
        for (Map.Entry<String, String> option : provider.options().entrySet()) {
            assertFalse(option.getKey().isBlank(), "learner " + provider.name() + " has an option with a blank name");
            assertFalse(option.getValue().isBlank(), "option " + option.getKey() + " of learner " + provider.name() + " has no description");
        }
        assertEquals(provider.name(), learner().name(), "the learner's name differs from its provider's");
    }

    @Test
    public void learnerMatchesSpec() {
        Learner learner = learner();

        assertArrayEquals(spec().inputShape(), learner.inputShape(), "input shape of the learner");
        assertEquals(spec().classes(), learner.classes(), "classes of the learner");
    }

    @Test
    public void parameterCountMatchesLayout() {
        Learner learner = learner();
        ParameterLayout layout = learner.layout();

        assertEquals(layout.size(), learner.parameterCount(), "parameterCount() against the layout's size");
        int offset = 0;
        for (ParameterBlock block : layout.blocks()) {
            assertEquals(offset, block.offset(), "offset of parameter block " + block.name() + " in " + layout);
            offset = block.end();
        }
        assertEquals(layout.size(), offset, "the layout's size against the end of its last block");
        assertTrue(learner.parameterCount() > 0, "the learner has no parameters");
        Tensor initial = learner.initialParameters(new TensorRandom(1));
        assertArrayEquals(new int[] {learner.parameterCount()}, initial.shape(),
                "shape of the initial parameters, " + Shapes.toString(initial.shape()));
    }

    @Test
    public void sameSeedGivesSameInitialParameters() {
        Learner learner = learner();

        double[] first = learner.initialParameters(new TensorRandom(17)).toArray();
        double[] second = learner.initialParameters(new TensorRandom(17)).toArray();
        double[] fromAnotherLearner = learner().initialParameters(new TensorRandom(17)).toArray();

        assertArrayEquals(first, second, "initial parameters drawn twice with seed 17");
        assertArrayEquals(first, fromAnotherLearner, "initial parameters of two learners built from one spec, seed 17");
    }

    @Test
    public void lossIsFiniteOnSampleBatch() {
        Learner learner = learner();
        TensorRandom random = new TensorRandom(5);
        Tensor inputs = sampleInputs(random, batchSize(), learner.inputShape());
        Variable parameters = Variable.constant(learner.initialParameters(random));

        Tensor logits = learner.logits(parameters, inputs).value();
        Tensor loss = learner.loss(parameters, inputs, labels(batchSize(), learner.classes())).value();

        assertArrayEquals(new int[] {batchSize(), learner.classes()}, logits.shape(), "shape of the logits, " + Shapes.toString(logits.shape()));
        assertTrue(Arrays.stream(logits.toArray()).allMatch(Double::isFinite), "the logits contain a non-finite value");
        assertEquals(1, loss.size(), "the loss has shape " + Shapes.toString(loss.shape()) + ", expected a scalar");
        assertTrue(Double.isFinite(loss.getFlat(0)), "the loss is " + loss.getFlat(0));
    }

    @Test
    public void gradientsMatchFiniteDifferences() {
        Learner learner = learner();
        TensorRandom random = new TensorRandom(9);
        Tensor inputs = sampleInputs(random, batchSize(), learner.inputShape());
        int[] labels = labels(batchSize(), learner.classes());
        Tensor parameters = learner.initialParameters(random);

        GradientCheck.Report report = GradientCheck.run(variables -> learner.loss(variables.get(0), inputs, labels),
                GradientCheck.DEFAULT_STEP, gradientTolerance(), List.of(parameters));

        assertTrue(report.passed(), "gradient of the loss with respect to the parameters: " + report + "; allowed difference "
                + gradientTolerance());
    }

    @Test
    public void normalizationModesAgree() {
        Learner learner = learner();
        TensorRandom random = new TensorRandom(6);
        Tensor inputs = sampleInputs(random, batchSize(), learner.inputShape());
        Variable parameters = Variable.constant(learner.initialParameters(random));
        Tensor plain = learner.logits(parameters, inputs).value();

        RunningStatistics statistics = new RunningStatistics(0.5);
        Tensor batch = learner.logits(parameters, inputs, NormalizationMode.BATCH, null).value();
        Tensor tracked = learner.logits(parameters, inputs, NormalizationMode.BATCH_AND_TRACK, statistics).value();
        Tensor running = learner.logits(parameters, inputs, NormalizationMode.RUNNING, statistics).value();

        assertArrayEquals(plain.toArray(), batch.toArray(), "logits in mode BATCH against logits(parameters, inputs)");
        assertArrayEquals(plain.toArray(), tracked.toArray(), "logits in mode BATCH_AND_TRACK against logits(parameters, inputs)");
        assertArrayEquals(new int[] {batchSize(), learner.classes()}, running.shape(), "shape of the logits in mode RUNNING");
        assertTrue(Arrays.stream(running.toArray()).allMatch(Double::isFinite), "the logits in mode RUNNING contain a non-finite value");
        if (!learner.usesBatchNormalization()) {
            assertArrayEquals(plain.toArray(), running.toArray(),
                    "logits in mode RUNNING of a learner without batch normalisation against logits(parameters, inputs)");
        }
    }

    @Test
    public void wrongInputShapeIsRejected() {
        Learner learner = learner();
        Variable parameters = Variable.constant(learner.initialParameters(new TensorRandom(3)));
        int[] example = learner.inputShape();

        List<int[]> wrongShapes = new ArrayList<>();
        wrongShapes.add(example);
        int[] widened = withBatch(batchSize(), example);
        widened[widened.length - 1]++;
        wrongShapes.add(widened);
        int[] extraAxis = Arrays.copyOf(withBatch(batchSize(), example), example.length + 2);
        extraAxis[extraAxis.length - 1] = 2;
        wrongShapes.add(extraAxis);

        for (int[] shape : wrongShapes) {
            Tensor inputs = Tensor.zeros(shape);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> learner.logits(parameters, inputs),
                    "logits of inputs " + Shapes.toString(shape) + " for examples " + Shapes.toString(example));
            assertNotNull(error.getMessage(), "the exception for inputs " + Shapes.toString(shape) + " has no message");
            assertTrue(error.getMessage().contains(Shapes.toString(shape)),
                    "the message for inputs " + Shapes.toString(shape) + " does not name that shape: " + error.getMessage());
        }
    }

    @Test
    public void wrongParameterCountIsRejected() {
        Learner learner = learner();
        Tensor inputs = sampleInputs(new TensorRandom(4), batchSize(), learner.inputShape());
        Variable parameters = Variable.constant(Tensor.zeros(learner.parameterCount() + 1));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> learner.logits(parameters, inputs),
                "logits with " + (learner.parameterCount() + 1) + " parameters for a learner of " + learner.parameterCount());
        String shape = Shapes.toString(learner.parameterCount() + 1);
        assertNotNull(error.getMessage(), "the exception for parameters " + shape + " has no message");
        assertTrue(error.getMessage().contains(shape),
                "the message for parameters " + shape + " does not name that shape: " + error.getMessage());
    }

    /** Returns labels {@code 0, 1, ..., classes - 1, 0, 1, ...} for a batch. */
    private static int[] labels(int batch, int classes) {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }

    private static int[] withBatch(int batch, int[] example) {
        int[] shape = new int[example.length + 1];
        shape[0] = batch;
        System.arraycopy(example, 0, shape, 1, example.length);
        return shape;
    }
}
