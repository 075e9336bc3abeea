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

    SafeTensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    SafeTensorsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** Returns the file that could not be read. */
    public Path file() {
        return file;
    }
}
