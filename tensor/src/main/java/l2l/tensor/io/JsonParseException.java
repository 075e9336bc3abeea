package l2l.tensor.io;

/** Invalid JSON text; the message names the line and column where parsing stopped. */
public final class JsonParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    JsonParseException(String problem, int line, int column) {
        super("Invalid JSON at line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** Returns the 1-based line where parsing stopped. */
    public int line() {
        return line;
    }

    /** Returns the 1-based column where parsing stopped. */
    public int column() {
        return column;
    }
}
