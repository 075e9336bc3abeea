package l2l.metalearner.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint file that cannot be used: missing, corrupt, written by another program, of another
 * kind or format version, or holding tensors whose shapes do not fit the expected architecture.
 * The message names the file and what is wrong.
 */
public final class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        super("Checkpoint " + file + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super("Checkpoint " + file + ": " + problem, cause);
        this.file = file;
    }

    /** Returns the checkpoint file. */
    public Path file() {
        return file;
    }
}
