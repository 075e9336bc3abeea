package l2l.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The project's architecture rules for the packages under one root. The tests apply them to the
 * real root {@code l2l}, and to a root of deliberately violating fixtures to prove each can fail.
 *
 * <p>The layer table, with the packages each layer's classes may use besides the JDK:
 *
 * <pre>
 * tensor       ojAlgo, jdk.incubator.vector
 * autodiff     tensor
 * datasets     tensor
 * metalearner  tensor, autodiff
 * learners     tensor, autodiff, metalearner, datasets
 * cli          all of ours, Guice, picocli
 * </pre>
 *
 * SLF4J is the one logging API, and only datasets, learners and cli may use it. The library layers
 * tensor, autodiff and metalearner report progress to listeners instead, so a project that
 * depends only on them needs no logging library.
 */
final class ArchitectureRules {

    static final List<String> LAYERS = List.of("tensor", "autodiff", "datasets", "metalearner", "learners", "cli");
    static final List<String> LOGGING_LAYERS = List.of("datasets", "learners", "cli");

    private static final String[] JDK = {"java..", "javax.."};
    private static final String SLF4J = "org.slf4j..";
    private static final String OJALGO = "org.ojalgo..";
    private static final String[] GUICE = {"com.google.inject..", "jakarta.inject.."};
    private static final String PICOCLI = "picocli..";

    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    /**
     * One rule per layer: its classes depend only on the JDK, the layers and libraries of the table,
     * and SLF4J in the layers that may log.
     */
    List<ArchRule> layerDependencies() {
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        allowed.put("tensor", List.of(OJALGO, "jdk.incubator.vector.."));
        allowed.put("autodiff", List.of(layer("tensor")));
        allowed.put("datasets", List.of(layer("tensor")));
        allowed.put("metalearner", List.of(layer("tensor"), layer("autodiff")));
        allowed.put("learners", List.of(layer("tensor"), layer("autodiff"), layer("metalearner"), layer("datasets")));
        List<String> cli = new ArrayList<>();
        for (String name : LAYERS) {
            cli.add(layer(name));
        }
        cli.addAll(List.of(GUICE));
        cli.add(PICOCLI);
        allowed.put("cli", cli);

        List<ArchRule> rules = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : allowed.entrySet()) {
            List<String> packages = new ArrayList<>(List.of(JDK));
            boolean logs = LOGGING_LAYERS.contains(entry.getKey());
            if (logs) {
                packages.add(SLF4J);
            }
            packages.add(layer(entry.getKey()));
            packages.addAll(entry.getValue());
            rules.add(classes().that().resideInAPackage(layer(entry.getKey()))
                    .should().onlyDependOnClassesThat().resideInAnyPackage(packages.toArray(String[]::new))
                    .as("layer " + entry.getKey() + " depends only on the JDK, " + (logs ? "SLF4J, " : "") + entry.getValue())
                    .allowEmptyShould(true));
        }
        return rules;
    }

    ArchRule onlyTensorUsesOjalgo() {
        return noClasses().that().resideOutsideOfPackage(layer("tensor"))
                .should().dependOnClassesThat().resideInAPackage(OJALGO)
                .as("only the tensor layer uses ojAlgo")
                .allowEmptyShould(true);
    }

    ArchRule onlyCliUsesGuiceAndPicocli() {
        List<String> packages = new ArrayList<>(List.of(GUICE));
        packages.add(PICOCLI);
        return noClasses().that().resideOutsideOfPackage(layer("cli"))
                .should().dependOnClassesThat().resideInAnyPackage(packages.toArray(String[]::new))
                .as("only the cli layer uses Guice and picocli")
                .allowEmptyShould(true);
    }

    ArchRule onlyCliWritesToStandardStreams() {
        return noClasses().that().resideOutsideOfPackage(layer("cli"))
                .should(ACCESS_STANDARD_STREAMS)
                .as("only the cli layer writes to System.out and System.err")
                .allowEmptyShould(true);
    }

    ArchRule slf4jIsTheOnlyLoggingApi() {
        return noClasses().that().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.util.logging..", "org.apache.logging..", "org.apache.log4j..", "org.apache.commons.logging..")
                .orShould().dependOnClassesThat().belongToAnyOf(System.Logger.class, System.LoggerFinder.class)
                .as("SLF4J is the only logging API")
                .allowEmptyShould(true);
    }

    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles()
                .as("packages under " + root + " are free of cycles")
                .allowEmptyShould(true);
    }

    private String layer(String name) {
        return root + "." + name + "..";
    }
}
