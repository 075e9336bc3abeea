package l2l.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;

import picocli.CommandLine;

/**
 * A picocli factory that takes commands and their collaborators from the Guice injector, and
 * falls back to picocli's own factory for picocli's internal types (converters, help sections).
 */
final class GuiceFactory implements CommandLine.IFactory {

    private final Injector injector;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return injector.getInstance(type);
        } catch (ConfigurationException e) {
            return fallback.create(type);
        }
    }
}
