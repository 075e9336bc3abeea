package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.util.Modules;

import l2l.learners.MlpProvider;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerProvider;
import l2l.metalearner.problem.LearnerProviders;
import l2l.metalearner.problem.LearnerSpec;
import picocli.CommandLine;

class LearnersCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A provider from outside l2l.learners; surefire patches test classes into l2l.cli. */
    private static final class OtherProvider implements LearnerProvider {

        @Override
        public String name() {
            return "other";
        }

        @Override
        public String description() {
            return "a learner from another module";
        }

        @Override
        public Learner create(LearnerSpec spec) {
            throw new UnsupportedOperationException("the listing never creates learners");
        }
    }

    @Test
    void listsBuiltInLearnersFromModulePath() {
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "learners");

        assertThat(status).as("stderr: %s", err).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("NAME +MODULE +DESCRIPTION");
        assertThat(lines).anyMatch(line -> line.matches("conv4 +l2l\\.learners \\(built in\\) +few-shot CNN: .*"));
        assertThat(lines).anyMatch(line -> line.matches("mlp +l2l\\.learners \\(built in\\) +Multilayer perceptron.*"));
        assertThat(lines).anyMatch(line -> line.matches("softmax +l2l\\.learners \\(built in\\) +softmax regression.*"));
        assertThat(lines).anyMatch(line -> line.matches(" +--learner-option width=\\.\\.\\.: units per hidden layer \\(default 20\\)"));
    }

    @Test
    void marksLearnerOfOtherModule() {
        LearnersCommand command = new LearnersCommand(() -> LearnerProviders.of(List.of(new MlpProvider(), new OtherProvider())));
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));

        int status = commandLine.execute();

        assertThat(status).isZero();
        assertThat(out.toString().lines()).anyMatch(line -> line.matches("other +l2l\\.cli +a learner from another module"));
        assertThat(out.toString().lines()).anyMatch(line -> line.matches("mlp +l2l\\.learners \\(built in\\) +Multilayer.*"));
    }

    /** Replaces the learner providers of the module path with two of one name, as two jars could have. */
    static final class DuplicateLearnerModule extends AbstractModule {

        @Provides
        LearnerProviders learnerProviders() {
            return LearnerProviders.of(List.of(new MlpProvider(), new MlpProvider()));
        }
    }

    @Test
    void duplicateNamesFailWithMessage() {
        Injector injector = Guice.createInjector(Modules.override(new CliModule()).with(new DuplicateLearnerModule()));
        CommandLine commandLine = new CommandLine(L2lCommand.class, new GuiceFactory(injector));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(new CommandErrorHandler());

        int status = commandLine.execute("learners");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: Two learner providers are named 'mlp': l2l.learners.MlpProvider and "
                + "l2l.learners.MlpProvider; rename one");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    /**
     * Returns a module layer with one module, {@code l2l.test.brokenlearner}, that provides
     * {@link BrokenLearnerProvider} as a learner, as a jar on L2L_MODULE_PATH would. The module reads
     * the provider's class file from this test's classes.
     */
    private static ModuleLayer brokenProviderLayer() throws IOException {
        String moduleName = "l2l.test.brokenlearner";
        String classFile = BrokenLearnerProvider.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        String resource = BrokenLearnerProvider.class.getSimpleName() + ".class";
        try (InputStream in = BrokenLearnerProvider.class.getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(moduleName)
                .requires("l2l.metalearner")
                .packages(Set.of(BrokenLearnerProvider.class.getPackageName()))
                .provides(LearnerProvider.class.getName(), List.of(BrokenLearnerProvider.class.getName()))
                .build();
        ModuleReference reference = new ModuleReference(descriptor, URI.create("memory:///" + moduleName)) {
            @Override
            public ModuleReader open() {
                return new ModuleReader() {
                    @Override
                    public Optional<URI> find(String name) {
                        return name.equals(classFile) ? Optional.of(URI.create("memory:///" + name)) : Optional.empty();
                    }

                    @Override
                    public Optional<InputStream> open(String name) {
                        return name.equals(classFile) ? Optional.of(new ByteArrayInputStream(bytes)) : Optional.empty();
                    }

                    @Override
                    public Stream<String> list() {
                        return Stream.of(classFile);
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(moduleName) ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(reference);
            }
        };
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(moduleName));
        return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
    }

    @Test
    void throwingProviderNamedWithCause() throws IOException {
        ModuleLayer layer = brokenProviderLayer();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        int status;
        // ServiceLoader.load(Class) searches the layers of the thread's context class loader.
        thread.setContextClassLoader(layer.findLoader("l2l.test.brokenlearner"));
        try {
            status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "learners");
        } finally {
            thread.setContextClassLoader(previous);
        }

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("l2l: A learner provider could not be loaded: Provider " + BrokenLearnerProvider.class.getName()
                + " could not be instantiated, because of java.lang.IllegalStateException: " + BrokenLearnerProvider.FAILURE
                + ". Fix that provider, or take its module off L2L_MODULE_PATH" + System.lineSeparator());
    }
}
