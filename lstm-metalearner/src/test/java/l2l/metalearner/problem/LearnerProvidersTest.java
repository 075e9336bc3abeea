package l2l.metalearner.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class LearnerProvidersTest {

    private static LearnerProvider named(String name) {
        return new LearnerProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test learner " + name;
            }

            @Override
            public Learner create(LearnerSpec spec) {
                throw new UnsupportedOperationException("not needed by these tests");
            }
        };
    }

    @Test
    void providersSortedByName() {
        LearnerProviders providers = LearnerProviders.of(List.of(named("mlp"), named("cnn")));

        assertThat(providers.all()).extracting(LearnerProvider::name).containsExactly("cnn", "mlp");
        assertThat(providers.find("mlp").description()).isEqualTo("test learner mlp");
    }

    @Test
    void unknownNameListsAvailable() {
        LearnerProviders providers = LearnerProviders.of(List.of(named("mlp")));

        assertThatThrownBy(() -> providers.find("rnn"))
                .isInstanceOfSatisfying(UnknownLearnerException.class, e -> {
                    assertThat(e.name()).isEqualTo("rnn");
                    assertThat(e.available()).containsExactly("mlp");
                })
                .hasMessage("Unknown learner 'rnn'; available learners: [mlp]. A learner from another module is found only when that "
                        + "module is on the module path.");
    }

    @Test
    void duplicateNamesRejected() {
        assertThatThrownBy(() -> LearnerProviders.of(List.of(named("mlp"), named("mlp"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Two learner providers are named 'mlp'");
    }

    @Test
    void specOptionsParsed() {
        LearnerSpec spec = new LearnerSpec(new int[] {784}, 10, java.util.Map.of("hidden", "32", "bad", "x"));

        assertThat(spec.positiveIntOption("hidden", 20)).isEqualTo(32);
        assertThat(spec.positiveIntOption("depth", 1)).isEqualTo(1);
        assertThatThrownBy(() -> spec.positiveIntOption("bad", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Learner option bad=x is invalid; expected a positive whole number");
        assertThat(spec.positiveDoubleOption("hidden", 0.5)).isEqualTo(32.0);
        assertThat(spec.positiveDoubleOption("scale", 0.5)).isEqualTo(0.5);
        assertThatThrownBy(() -> spec.positiveDoubleOption("bad", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Learner option bad=x is invalid; expected a positive number");
        assertThatThrownBy(() -> new LearnerSpec(new int[] {784}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A classifier needs at least 2 classes, got 1");
    }
}
