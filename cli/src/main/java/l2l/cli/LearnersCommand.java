package l2l.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import l2l.cli.options.VersionProvider;
import l2l.learners.MlpProvider;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerProviders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code l2l learners}: lists the learners that {@code --learner} accepts, with their options. */
@Command(
        name = "learners",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Lists the learners that --learner accepts, with their module and options.",
            "The built-in learners come from the module l2l.learners. A module of your own adds learners by declaring "
                    + "'provides l2l.metalearner.problem.LearnerProvider with ...' in its module-info; the l2l launcher adds "
                    + "the jars and folders in the environment variable L2L_MODULE_PATH (separated by ':') to the module path."})
final class LearnersCommand implements Callable<Integer> {

    /** The module of the learners that ship with l2l. */
    static final Module BUILT_IN = MlpProvider.class.getModule();

    @Spec
    CommandSpec spec;

    private final Provider<LearnerProviders> providers;

    @Inject
    LearnersCommand(Provider<LearnerProviders> providers) {
        this.providers = providers;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<LearnerProvider> all = providers.get().all();
        int nameWidth = "NAME".length();
        int originWidth = "MODULE".length();
        for (LearnerProvider provider : all) {
            nameWidth = Math.max(nameWidth, provider.name().length());
            originWidth = Math.max(originWidth, origin(provider).length());
        }

        String format = "%-" + nameWidth + "s  %-" + originWidth + "s  %s%n";
        out.printf(format, "NAME", "MODULE", "DESCRIPTION");
        for (LearnerProvider provider : all) {
            out.printf(format, provider.name(), origin(provider), provider.description());
            for (Map.Entry<String, String> option : provider.options().entrySet()) {
                out.printf("%s    --learner-option %s=...: %s%n", " ".repeat(nameWidth), option.getKey(), option.getValue());
            }
        }
        return 0;
    }

    /** Returns the provider's module name, marked when it is built in; a class path provider has no module name. */
    static String origin(LearnerProvider provider) {
        Module module = provider.getClass().getModule();
        if (!module.isNamed()) {
            return "class path";
        }
        return module.equals(BUILT_IN) ? module.getName() + " (built in)" : module.getName();
    }
}
