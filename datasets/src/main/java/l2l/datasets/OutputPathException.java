package l2l.datasets;

import java.io.IOException;

/** An output path that cannot be a file, because it is a folder or lies below a regular file. The message gives the remedy. */
public final class OutputPathException extends IOException {

    private static final long serialVersionUID = 1L;

    public OutputPathException(String message) {
        super(message);
    }
}
