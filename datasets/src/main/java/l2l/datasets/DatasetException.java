package l2l.datasets;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A dataset that cannot be used as requested: a missing or corrupt file, an invalid layout, or too
 * few classes or images for an episode. Users recover by fixing the data or the request, so the
 * exception is checked, and its message names the file or dataset and the problem.
 */
public class DatasetException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The file or folder at fault; transient because {@link Path} is not serializable. */
    private final transient Path file;

    /** Creates an exception about {@code file}, with the message {@code "<file>: <problem>"}. */
    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** Creates an exception about {@code file} caused by {@code cause}, with the message {@code "<file>: <problem>"}. */
    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** Creates an exception that concerns no single file, such as a request for more classes than a split has. */
    public DatasetException(String message) {
        super(message);
        this.file = null;
    }

    /** Creates an exception that concerns no single file, caused by {@code cause}. */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
    }

    /** Returns the file or folder at fault, when there is one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
