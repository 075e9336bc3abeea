package l2l.cli;

import com.google.inject.AbstractModule;

/** The Guice bindings of the command line; commands are bound just in time by their class. */
final class CliModule extends AbstractModule {

    @Override
    protected void configure() {
        binder().requireAtInjectOnConstructors();
    }
}
