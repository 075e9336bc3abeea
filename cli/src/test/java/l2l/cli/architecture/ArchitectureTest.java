package l2l.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/** Applies the architecture rules to the main classes of every l2l module. */
class ArchitectureTest {

    /** Fewer imported classes than this means the import is broken, not that the code is small. */
    private static final int MIN_IMPORTED_CLASSES = 5;

    private static final ArchitectureRules RULES = new ArchitectureRules("l2l");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("l2l");
    }

    @Test
    void importFindsEveryPackageOfEveryModule() {
        Set<String> imported = new TreeSet<>();
        for (JavaClass javaClass : classes) {
            imported.add(javaClass.getPackageName());
        }
        Set<String> declared = new TreeSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            if (module.getName().startsWith("l2l.")) {
                module.getPackages().stream()
                        .filter(name -> !name.startsWith(ArchitectureTest.class.getPackageName()))
                        .forEach(declared::add);
            }
        }

        assertThat(classes.size()).as("classes imported from the l2l modules").isGreaterThanOrEqualTo(MIN_IMPORTED_CLASSES);
        assertThat(declared).as("packages of the l2l modules in the boot layer").contains("l2l.cli");
        assertThat(imported).as("packages that the ArchUnit import found").containsAll(declared);
    }

    @TestFactory
    Stream<DynamicTest> rulesHold() {
        List<ArchRule> rules = new java.util.ArrayList<>(RULES.layerDependencies());
        rules.add(RULES.onlyTensorUsesOjalgo());
        rules.add(RULES.onlyCliUsesGuiceAndPicocli());
        rules.add(RULES.onlyCliWritesToStandardStreams());
        rules.add(RULES.slf4jIsTheOnlyLoggingApi());
        rules.add(RULES.noPackageCycles());
        return rules.stream().map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
    }
}
