package l2l.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

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
        description = "Lists the learners that --learner accepts: the built-in ones of module l2l.learners and those of any "
                + "module on the module path that provides l2l.metalearner.problem.LearnerProvider. The l2l launcher adds the "
                + "jars and folders of the environment variable L2L_MODULE_PATH (separated by ':') to the module path.")
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
        int width = "NAME".length();
        for (LearnerProvider provider : all) {
            width = Math.max(width, provider.name().length());
        }
        List<String[]> rows = new ArrayList<>();
        for (LearnerProvider provider : all) {
            rows.add(new String[] {provider.name(), origin(provider), provider.description()});
        }
        int originWidth = "MODULE".length();
        for (String[] row : rows) {
            originWidth = Math.max(originWidth, row[1].length());
        }

        String format = "%-" + width + "s  %-" + originWidth + "s  %s%n";
        out.printf(format, "NAME", "MODULE", "DESCRIPTION");
        for (int index = 0; index < all.size(); index++) {
            String[] row = rows.get(index);
            out.printf(format, row[0], row[1], row[2]);
            for (Map.Entry<String, String> option : all.get(index).options().entrySet()) {
                out.printf("%s    --learner-option %s=...: %s%n", " ".repeat(width), option.getKey(), option.getValue());
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
