package l2l.cli;

import com.google.inject.AbstractModule;

/**
 * The Guice bindings of the command line: the learner providers found on the module path
 * ({@link LearnerModule}). Commands are bound just in time by their class.
 */
final class CliModule extends AbstractModule {

    @Override
    protected void configure() {
        binder().requireAtInjectOnConstructors();
        install(new LearnerModule());
    }
}
