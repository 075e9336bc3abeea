package l2l.datasets.catalog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A folder in which {@link DatasetCatalog} looks for datasets, with a label for where it comes from.
 *
 * @param origin a short label for listings, such as {@code bundled}, {@code cache} or {@code data-dir}
 * @param folder the folder
 * @param required whether a missing folder is an error (for folders a user named) rather than
 *     simply empty (for default places such as a cache not created yet); a file in the folder's
 *     place is an error either way
 */
public record DataRoot(String origin, Path folder, boolean required) {

    /** Checks that no component is null. */
    public DataRoot {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(folder, "folder");
    }
}
