package l2l.tensor;

/**
 * A shape with more elements than one Java array can store. Commands catch it to name the options
 * that set the size, such as an image size or a hidden size, since the shape alone does not.
 */
public final class TensorSizeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    TensorSizeException(String message) {
        super(message);
    }
}
