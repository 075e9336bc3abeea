package l2l.metalearner.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The {@link LearnerProvider}s on the module path (or class path), found with
 * {@link ServiceLoader}, by name.
 */
public final class LearnerProviders {

    private final Map<String, LearnerProvider> byName;

    private LearnerProviders(Map<String, LearnerProvider> byName) {
        this.byName = byName;
    }

    /**
     * Finds every provider visible to this module's layer.
     *
     * @throws IllegalStateException if two providers share a name, or a provider cannot be
     *     instantiated; the message names the classes involved
     */
    public static LearnerProviders load() {
        List<LearnerProvider> found = new ArrayList<>();
        try {
            for (LearnerProvider provider : ServiceLoader.load(LearnerProvider.class)) {
                found.add(provider);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("A learner provider could not be loaded: " + describe(e), e);
        }
        return of(found);
    }

    /**
     * Returns the message of a {@link ServiceLoader} failure without its service-name prefix, such
     * as {@code Provider com.example.RnnProvider could not be instantiated}, followed by every cause
     * with its class, such as the exception that the provider's constructor threw.
     */
    private static String describe(ServiceConfigurationError error) {
        String prefix = LearnerProvider.class.getName() + ": ";
        String message = String.valueOf(error.getMessage());
        StringBuilder text = new StringBuilder(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            text.append(cause == error.getCause() ? ", because of " : ", caused by ").append(cause);
        }
        return text.toString();
    }

    /**
     * Returns the given providers by name.
     *
     * @throws IllegalStateException if two providers share a name
     */
    public static LearnerProviders of(List<LearnerProvider> providers) {
        List<LearnerProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(LearnerProvider::name));
        Map<String, LearnerProvider> byName = new LinkedHashMap<>();
        for (LearnerProvider provider : sorted) {
            LearnerProvider previous = byName.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                throw new IllegalStateException("Two learner providers are named '" + provider.name() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName() + "; rename one");
            }
        }
        return new LearnerProviders(byName);
    }

    /** Returns the providers in name order. */
    public List<LearnerProvider> all() {
        return List.copyOf(byName.values());
    }

    /**
     * Returns the provider named {@code name}.
     *
     * @throws UnknownLearnerException if there is none; the message lists the names there are
     */
    public LearnerProvider find(String name) {
        LearnerProvider provider = byName.get(name);
        if (provider == null) {
            throw new UnknownLearnerException(name, List.copyOf(byName.keySet()));
        }
        return provider;
    }
}
