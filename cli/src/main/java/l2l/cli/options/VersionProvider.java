package l2l.cli.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import jakarta.inject.Inject;

import picocli.CommandLine.IVersionProvider;

/**
 * Reads the project version that Maven writes into {@code l2l-version.properties} at build time.
 * Every command, in {@code l2l.cli} and in {@code l2l.cli.bench}, prints it for {@code -V}.
 */
public final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "l2l-version.properties";

    @Inject
    VersionProvider() {
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "l2l " + projectVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
        };
    }

    /** Returns the project version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String projectVersion() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the l2l.cli module; rebuild with Maven.");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        return properties.getProperty("version");
    }
}
