package l2l.metalearner.problem;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.testkit.LearnerContractTest;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/** Runs the learner contract on a correct learner, and on learners that each break one clause. */
class LearnerContractCanFailTest {

    /** The ways the test learner can break the contract. */
    private enum Defect {
        NONE, RANDOM_INITIALISATION, DETACHED_BIAS, NO_SHAPE_CHECK, EXTRA_PARAMETER, RUNNING_MODE_SCALES_LOGITS
    }

    /** Softmax regression on flattened inputs, flat order weight then bias, with an optional defect. */
    private static final class FlatLinearLearner implements Learner {

        private static int draws;

        private final int[] inputShape;
        private final int features;
        private final int classes;
        private final Defect defect;
        private final ParameterLayout layout;

        FlatLinearLearner(int[] inputShape, int classes, Defect defect) {
            this.inputShape = inputShape.clone();
            this.features = Shapes.size(inputShape);
            this.classes = classes;
            this.defect = defect;
            this.layout = ParameterLayout.builder().add("weight", classes, features).add("bias", classes).build();
        }

        @Override
        public String name() {
            return "flat-linear";
        }

        @Override
        public int[] inputShape() {
            return inputShape.clone();
        }

        @Override
        public int classes() {
            return classes;
        }

        @Override
        public ParameterLayout layout() {
            return layout;
        }

        @Override
        public int parameterCount() {
            return defect == Defect.EXTRA_PARAMETER ? layout.size() + 1 : layout.size();
        }

        @Override
        public Tensor initialParameters(TensorRandom random) {
            if (defect == Defect.RANDOM_INITIALISATION) {
                draws++;
                return new TensorRandom(draws).uniform(-0.5, 0.5, layout.size());
            }
            return random.uniform(-0.5, 0.5, layout.size());
        }

        @Override
        public Variable logits(Variable parameters, Tensor inputs) {
            if (defect != Defect.NO_SHAPE_CHECK) {
                LearnerInputs.requireBatch("flat-linear", inputShape, inputs);
            }
            int[] shape = inputs.shape();
            Variable flat = Variable.constant(inputs.reshape(shape[0], inputs.size() / shape[0]));
            Variable bias = layout.view(parameters, "bias");
            if (defect == Defect.DETACHED_BIAS) {
                bias = bias.detach();
            }
            return NeuralOps.linear(flat, layout.view(parameters, "weight"), bias);
        }

        @Override
        public Variable logits(Variable parameters, Tensor inputs, NormalizationMode mode, RunningStatistics statistics) {
            Variable logits = logits(parameters, inputs);
            return defect == Defect.RUNNING_MODE_SCALES_LOGITS && mode == NormalizationMode.RUNNING ? logits.mul(2) : logits;
        }
    }

    private static LearnerContractTest contract(Defect defect) {
        return new LearnerContractTest() {
            @Override
            protected LearnerProvider provider() {
                return new LearnerProvider() {
                    @Override
                    public String name() {
                        return "flat-linear";
                    }

                    @Override
                    public String description() {
                        return "softmax regression on flattened inputs";
                    }

                    @Override
                    public Learner create(LearnerSpec spec) {
                        return new FlatLinearLearner(spec.inputShape(), spec.classes(), defect);
                    }
                };
            }
        };
    }

    @Test
    void correctLearnerPassesEveryClause() {
        LearnerContractTest contract = contract(Defect.NONE);

        assertThatCode(contract::providerDescribesLearner).doesNotThrowAnyException();
        assertThatCode(contract::learnerMatchesSpec).doesNotThrowAnyException();
        assertThatCode(contract::parameterCountMatchesLayout).doesNotThrowAnyException();
        assertThatCode(contract::sameSeedGivesSameInitialParameters).doesNotThrowAnyException();
        assertThatCode(contract::lossIsFiniteOnSampleBatch).doesNotThrowAnyException();
        assertThatCode(contract::gradientsMatchFiniteDifferences).doesNotThrowAnyException();
        assertThatCode(contract::normalizationModesAgree).doesNotThrowAnyException();
        assertThatCode(contract::wrongInputShapeIsRejected).doesNotThrowAnyException();
        assertThatCode(contract::wrongParameterCountIsRejected).doesNotThrowAnyException();
    }

    @Test
    void unseededInitialisationFails() {
        assertThatThrownBy(contract(Defect.RANDOM_INITIALISATION)::sameSeedGivesSameInitialParameters)
                .isInstanceOf(AssertionError.class).hasMessageContaining("seed 17");
    }

    @Test
    void missingGradientFails() {
        assertThatThrownBy(contract(Defect.DETACHED_BIAS)::gradientsMatchFiniteDifferences)
                .isInstanceOf(AssertionError.class).hasMessageContaining("failed on");
    }

    @Test
    void missingShapeCheckFails() {
        assertThatThrownBy(contract(Defect.NO_SHAPE_CHECK)::wrongInputShapeIsRejected).isInstanceOf(AssertionError.class);
    }

    @Test
    void modeDependenceWithoutBatchNormalizationFails() {
        assertThatThrownBy(contract(Defect.RUNNING_MODE_SCALES_LOGITS)::normalizationModesAgree)
                .isInstanceOf(AssertionError.class).hasMessageContaining("mode RUNNING");
    }

    @Test
    void countDifferentFromLayoutFails() {
        assertThatThrownBy(contract(Defect.EXTRA_PARAMETER)::parameterCountMatchesLayout)
                .isInstanceOf(AssertionError.class).hasMessageContaining("parameterCount()");
    }
}
