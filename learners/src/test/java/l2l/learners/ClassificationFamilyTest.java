package l2l.learners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerSpec;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

class ClassificationFamilyTest {

    private final Learner mlp = new MlpProvider().create(new LearnerSpec(new int[] {1, 28, 28}, 10));
    private final ClassificationFamily family = new ClassificationFamily(mlp, MnistData.TRAINING, MnistData.TEST, "mnist", 2, 128);

    @Test
    void sampleFixesParametersThenMinibatches() {
        ClassificationProblem problem = family.sample(7, 5);

        TensorRandom random = new TensorRandom(7);
        Tensor first = mlp.initialParameters(random);
        Tensor second = mlp.initialParameters(random);
        int[] firstBatch = new int[128];
        for (int j = 0; j < 128; j++) {
            firstBatch[j] = random.nextInt(MnistData.TRAINING.size());
        }
        assertThat(problem.initialParameters()).isEqualTo(Tensor.concat(0, first, second));
        assertThat(problem.problemCount()).isEqualTo(2);
        assertThat(problem.horizon()).isEqualTo(5);

        Tensor losses = problem.losses(Variable.constant(problem.initialParameters()), 0).value();
        Tensor images = MnistData.TRAINING.flatImages(firstBatch).reshape(128, 1, 28, 28);
        double expected = NeuralOps.softmaxCrossEntropy(mlp.logits(Variable.constant(first), images),
                MnistData.TRAINING.labels(firstBatch)).value().item();
        assertThat(losses.shape()).containsExactly(2);
        assertThat(losses.getFlat(0)).isEqualTo(expected);
    }

    @Test
    void sameSeedSameProblem() {
        Variable start = Variable.constant(family.sample(3, 10).initialParameters());

        assertThat(family.sample(3, 10).losses(start, 10).value()).isEqualTo(family.sample(3, 10).losses(start, 10).value());
        assertThat(family.sample(3, 10).losses(start, 9).value()).isNotEqualTo(family.sample(3, 10).losses(start, 10).value());
    }

    @Test
    void evaluationCoversWholeSets() {
        ClassificationProblem problem = family.withProblems(1).sample(1, 0);
        Tensor parameters = problem.initialParameters();

        double[] trainingLoss = problem.trainingLoss(parameters);
        double[] testLoss = problem.testLoss(parameters);
        double[] accuracy = problem.testAccuracy(parameters);

        Tensor logits = mlp.logits(Variable.constant(parameters), MnistData.TEST.images()).value();
        int correct = 0;
        int[] predicted = logits.argmax(1);
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == MnistData.TEST.label(i) ? 1 : 0;
        }
        assertThat(accuracy[0]).isEqualTo(correct / 2000.0);
        assertThat(testLoss[0]).isCloseTo(NeuralOps.softmaxCrossEntropy(Variable.constant(logits), MnistData.TEST.labels()).value().item(),
                org.assertj.core.data.Offset.offset(1e-12));
        // An untrained network scores about log 10 = 2.30.
        assertThat(trainingLoss[0]).isBetween(2.0, 2.6);
    }

    @Test
    void mismatchedShapesRejected() {
        Learner small = new MlpProvider().create(new LearnerSpec(new int[] {1, 14, 14}, 10));

        assertThatThrownBy(() -> new ClassificationFamily(small, MnistData.TRAINING, MnistData.TEST, "mnist", 1, 128))
                .hasMessage("Classification family: learner mlp takes inputs [1, 14, 14] but the images are [1, 28, 28]");
        assertThatThrownBy(() -> family.sample(1, 3).losses(Variable.constant(Tensor.zeros(15910)), 0))
                .hasMessage("ClassificationProblem: parameters have shape [15910] but 2 problems of 15910 parameters need [31820]");
        assertThatThrownBy(() -> family.sample(1, 3).losses(Variable.constant(Tensor.zeros(31820)), 4))
                .hasMessage("ClassificationProblem: step 4 is outside 0..3");
    }
}
