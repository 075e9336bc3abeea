package l2l.tensor.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a valid safetensors file this project can read: truncated, written by
 * another program in another format, or using a data type other than F64 and F32. The message
 * names the file, the field and the expected and actual values.
 */
public final class SafeTensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    SafeTensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    SafeTensorsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** Returns the file that could not be read. */
    public Path file() {
        return file;
    }

    /** Returns what is wrong with the file, without its name, for messages that name it already. */
    public String problem() {
        return problem;
    }
}
