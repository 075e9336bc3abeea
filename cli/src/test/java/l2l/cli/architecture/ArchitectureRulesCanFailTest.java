package l2l.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * Evaluates every architecture rule on fixtures that break it on purpose, so a rule that can
 * never fail (a wrong package pattern, an empty import) is caught here.
 */
class ArchitectureRulesCanFailTest {

    private static final String FIXTURES = ArchitectureRulesCanFailTest.class.getPackageName() + ".fixtures";
    private static final ArchitectureRules RULES = new ArchitectureRules(FIXTURES);

    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(FIXTURES);
    }

    @Test
    void fixturesAreImported() {
        assertThat(fixtures.size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void ojalgoOutsideTensorFails() {
        assertViolation(RULES.onlyTensorUsesOjalgo(), "fixtures.autodiff.UsesOjalgo");
    }

    @Test
    void layerTableFailsOnAutodiffUsingOjalgo() {
        assertViolation(layerRule("autodiff"), "fixtures.autodiff.UsesOjalgo");
    }

    @Test
    void layerTableFailsOnMetalearnerUsingLearners() {
        assertViolation(layerRule("metalearner"), "fixtures.metalearner.UsesLearners");
    }

    @Test
    void layerTableFailsOnMetalearnerLogging() {
        assertViolation(layerRule("metalearner"), "fixtures.metalearner.UsesSlf4j");
    }

    @Test
    void layerTableFailsOnTensorUsingAutodiff() {
        assertViolation(layerRule("tensor"), "fixtures.tensor.UsesAutodiff");
    }

    @Test
    void guiceOutsideCliFails() {
        assertViolation(RULES.onlyCliUsesGuiceAndPicocli(), "fixtures.learners.UsesGuice");
    }

    @Test
    void picocliOutsideCliFails() {
        assertViolation(RULES.onlyCliUsesGuiceAndPicocli(), "fixtures.datasets.UsesPicocli");
    }

    @Test
    void standardStreamsOutsideCliFail() {
        assertViolation(RULES.onlyCliWritesToStandardStreams(), "fixtures.learners.PrintsToStandardOutput");
    }

    @Test
    void otherLoggingApiFails() {
        assertViolation(RULES.slf4jIsTheOnlyLoggingApi(), "fixtures.datasets.UsesJavaUtilLogging");
    }

    @Test
    void packageCycleFails() {
        EvaluationResult result = RULES.noPackageCycles().evaluate(fixtures);
        assertThat(result.hasViolation()).as("cycle rule reports the fixture cycle").isTrue();
        assertThat(result.getFailureReport().toString()).contains("cycle.first", "cycle.second");
    }

    @Test
    void cliMayUseEverything() {
        EvaluationResult result = layerRule("cli").evaluate(fixtures);
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    private static ArchRule layerRule(String layer) {
        List<ArchRule> rules = RULES.layerDependencies();
        return rules.get(ArchitectureRules.LAYERS.indexOf(layer));
    }

    private static void assertViolation(ArchRule rule, String violatingClass) {
        EvaluationResult result = rule.evaluate(fixtures);
        assertThat(result.hasViolation()).as("rule '%s' reports a violation", rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().toString())
                .as("failure report of '%s'", rule.getDescription())
                .contains(violatingClass)
                .contains(rule.getDescription());
    }
}
