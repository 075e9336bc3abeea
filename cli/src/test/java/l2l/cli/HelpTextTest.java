package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import l2l.cli.options.VersionProvider;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class HelpTextTest {

    @Test
    void everyArgumentStatesItsDefault() {
        List<String> violations = HelpTextRules.violations(Main.commandLine());

        assertThat(violations).as("help-text violations").isEmpty();
    }

    @Test
    void rulesSeeEveryCommand() {
        List<String> names = new ArrayList<>();
        collectNames(Main.commandLine(), names);

        assertThat(names).contains("l2l train", "l2l compare", "l2l fewshot train", "l2l fewshot eval", "l2l datasets show",
                "l2l datasets split", "l2l datasets download", "l2l bench kernels");
    }

    @Test
    void helpOfEveryCommandPrintsDefaults() {
        List<String> names = new ArrayList<>();
        collectNames(Main.commandLine(), names);

        for (String name : names) {
            StringWriter out = new StringWriter();
            String[] words = name.substring("l2l".length()).trim().split(" ");
            List<String> args = new ArrayList<>(name.equals("l2l") ? List.of() : List.of(words));
            args.add("--help");

            int status = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args.toArray(String[]::new));

            assertThat(status).as(name + " --help status").isZero();
            assertThat(out.toString()).as(name + " --help").startsWith("Usage: " + name).doesNotContain("${DEFAULT-VALUE}");
        }
    }

    @Test
    void undocumentedAnnotatedDefaultIsReported() {
        assertThat(violationsOf(new Undocumented())).anyMatch(line -> line.startsWith("fixture --steps: ")
                && line.contains("does not state the default"));
    }

    @Test
    void undocumentedInitialValueIsReported() {
        assertThat(violationsOf(new Undocumented())).anyMatch(line -> line.startsWith("fixture --seconds: ")
                && line.contains("does not state the default"));
    }

    @Test
    void undocumentedOptionalNumberIsReported() {
        assertThat(violationsOf(new Undocumented())).anyMatch(line -> line.startsWith("fixture --problems: ")
                && line.contains("does not state the default"));
    }

    @Test
    void undocumentedPositionalDefaultIsReported() {
        assertThat(violationsOf(new Undocumented())).anyMatch(line -> line.startsWith("fixture NAME: ")
                && line.contains("does not state the default"));
    }

    @Test
    void staleDefaultTextIsReported() {
        assertThat(violationsOf(new Undocumented())).anyMatch(line -> line.startsWith("fixture --rate: ")
                && line.contains("does not contain the default value '0.5'"));
    }

    @Test
    void fieldNameLabelIsReported() {
        assertThat(violationsOf(new Undocumented())).anyMatch(line -> line.startsWith("fixture --seconds: ")
                && line.contains("parameter label <seconds>"));
    }

    @Test
    void lonePercentIsReported() {
        assertThat(violationsOf(new LonePercent())).anyMatch(line -> line.startsWith("fixture --share: ")
                && line.contains("lone '%'"));
    }

    @Test
    void lonePercentInCommandIsReported() {
        assertThat(violationsOf(new Undocumented())).anyMatch(line -> line.startsWith("fixture: ") && line.contains("lone '%'"));
    }

    @Test
    void documentedFixtureHasNoViolations() {
        assertThat(violationsOf(new Documented())).isEmpty();
    }

    @Test
    void versionOfEveryCommandPrintsProjectVersion() {
        List<String> names = new ArrayList<>();
        collectNames(Main.commandLine(), names);

        for (String name : names) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] words = name.substring("l2l".length()).trim().split(" ");
            List<String> args = new ArrayList<>(name.equals("l2l") ? List.of() : List.of(words));
            args.add("-V");

            int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));

            assertThat(status).as(name + " -V status; stderr: " + err).isZero();
            assertThat(out.toString()).as(name + " -V").startsWith("l2l " + VersionProvider.projectVersion());
        }
    }

    private static List<String> violationsOf(Object command) {
        return HelpTextRules.violations(new CommandLine(command));
    }

    private static void collectNames(CommandLine commandLine, List<String> names) {
        names.add(commandLine.getCommandSpec().qualifiedName());
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            collectNames(subcommand, names);
        }
    }

    /** A command and options that each break one rule. */
    @Command(name = "fixture", mixinStandardHelpOptions = true, description = "Runs 100% of the checks.")
    static final class Undocumented {

        @Option(names = "--steps", paramLabel = "STEPS", defaultValue = "100", description = "Optimization steps per run.")
        int steps;

        @Option(names = "--seconds", description = "Time budget in seconds.")
        double seconds = 2.0;

        @Option(names = "--problems", paramLabel = "COUNT", description = "Number of test problems.")
        Integer problems;

        @Option(names = "--rate", paramLabel = "RATE", defaultValue = "0.5", description = "Learning rate (default: 0.1).")
        double rate;

        @Parameters(paramLabel = "NAME", arity = "0..1", defaultValue = "omniglot", description = "The dataset.")
        String name;
    }

    /** The same command and options with their defaults stated. */
    @Command(name = "fixture", mixinStandardHelpOptions = true, description = "Runs 100%% of the checks.")
    static final class Documented {

        @Option(names = "--steps", paramLabel = "STEPS", defaultValue = "100", description = "Optimization steps per run (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--seconds", paramLabel = "SECONDS", description = "Time budget in seconds (default: ${DEFAULT-VALUE}).")
        double seconds = 2.0;

        @Option(names = "--problems", paramLabel = "COUNT", description = "Number of test problems (default: 100 for quadratics, 20 for a learner).")
        Integer problems;

        @Option(names = "--rate", paramLabel = "RATE", defaultValue = "0.5", description = "Learning rate (default: 0.5).")
        double rate;

        @Option(names = "--share", paramLabel = "FRACTION", defaultValue = "0.5",
                description = "Share of the data, 0.5 or 50%% (default: ${DEFAULT-VALUE}).%nApplies to every part.")
        double share;

        @Option(names = "--fast", description = "Skip the slow part.")
        boolean fast;

        @Option(names = "--init", paramLabel = "FILE", description = "A checkpoint to start from.")
        String init;

        @Parameters(paramLabel = "NAME", arity = "0..1", defaultValue = "omniglot", description = "The dataset (default: ${DEFAULT-VALUE}).")
        String name;
    }

    /** An option whose description picocli cannot format; building its command already prints picocli's warning. */
    @Command(name = "fixture")
    static final class LonePercent {

        @Option(names = "--share", paramLabel = "FRACTION", defaultValue = "0.5", description = "Share of the data, 50% by default.")
        double share;
    }
}
