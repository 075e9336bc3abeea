package l2l.cli.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import l2l.datasets.DatasetException;
import l2l.datasets.catalog.DataRoot;
import l2l.datasets.catalog.DatasetCatalog;
import l2l.datasets.catalog.FoundDataset;
import picocli.CommandLine.Option;

/**
 * The folders in which the {@code datasets} commands look for data, in order of precedence: the
 * {@code --data-dir} folders, the download cache, the bundled data of the installation (system
 * property {@code l2l.data.home}, which the {@code l2l} launcher sets), and the system folder
 * {@code /usr/share/datasets} where Debian's dataset packages install. Every command finds a
 * dataset by name through {@link #requireDataset}, so that the alias {@value #MNIST_ALIAS} means the
 * same everywhere.
 */
public final class DataLocations {

    /** The system property with the bundled data folder. */
    static final String DATA_HOME_PROPERTY = "l2l.data.home";

    /** The environment variable that moves the download cache. */
    static final String CACHE_VARIABLE = "L2L_CACHE";

    /** The folder in which Debian packages such as dataset-fashion-mnist install datasets. */
    static final Path SYSTEM_DATA = Path.of("/usr/share/datasets");

    /** The name that finds the bundled MNIST subset when no dataset has this name itself. */
    public static final String MNIST_ALIAS = "mnist";

    /** The name of the bundled subset of 10,000 MNIST digits. */
    public static final String BUNDLED_MNIST = "mnist-10k";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "A folder with datasets, searched before the cache and the bundled data. Repeat for several folders.")
    List<Path> dataDirs = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The download cache folder (default: $" + CACHE_VARIABLE + ", else ~/.cache/l2l).")
    Path cacheDir;

    @Inject
    DataLocations() {
    }

    /** Returns the cache folder: {@code --cache-dir}, else {@code $L2L_CACHE}, else {@code ~/.cache/l2l}. */
    public Path cacheFolder() {
        if (cacheDir != null) {
            return cacheDir;
        }
        String fromEnvironment = System.getenv(CACHE_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "l2l");
    }

    /**
     * Finds the dataset named {@code name} in {@link #roots()}, as {@link #resolve} does.
     *
     * @throws DatasetException if a {@code --data-dir} folder is missing, or no dataset has the name
     */
    public FoundDataset requireDataset(String name) throws DatasetException {
        return resolve(DatasetCatalog.scan(roots()), name);
    }

    /**
     * Returns the dataset named {@code name} from the earliest folder of {@code catalog} that has
     * one. The name {@value #MNIST_ALIAS} finds {@value #BUNDLED_MNIST} when no dataset is named
     * {@value #MNIST_ALIAS}.
     *
     * @throws DatasetException if no dataset has the name; the message lists the names found
     */
    public static FoundDataset resolve(DatasetCatalog catalog, String name) throws DatasetException {
        if (name.equals(MNIST_ALIAS) && catalog.find(MNIST_ALIAS).isEmpty() && catalog.find(BUNDLED_MNIST).isPresent()) {
            return catalog.require(BUNDLED_MNIST);
        }
        return catalog.require(name);
    }

    /** Returns the folders to search, earliest first; only the {@code --data-dir} folders must exist. */
    public List<DataRoot> roots() {
        List<DataRoot> roots = new ArrayList<>();
        for (Path dataDir : dataDirs) {
            roots.add(new DataRoot("data-dir", dataDir, true));
        }
        roots.add(new DataRoot("cache", cacheFolder(), false));
        String dataHome = System.getProperty(DATA_HOME_PROPERTY);
        if (dataHome != null) {
            roots.add(new DataRoot("bundled", Path.of(dataHome), false));
        }
        roots.add(new DataRoot("system", SYSTEM_DATA, false));
        return roots;
    }
}
