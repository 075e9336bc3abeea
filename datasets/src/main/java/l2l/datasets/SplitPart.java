package l2l.datasets;

import java.util.Locale;

/** The three parts of a class-level split, with the keys that split files use for them. */
public enum SplitPart {
    /** Meta-training classes, key {@code train}. */
    TRAIN("train"),
    /** Meta-validation classes, key {@code val}. */
    VAL("val"),
    /** Meta-test classes, key {@code test}. */
    TEST("test");

    private final String key;

    SplitPart(String key) {
        this.key = key;
    }

    /** Returns the key of this part in split files and on the command line: {@code train}, {@code val} or {@code test}. */
    public String key() {
        return key;
    }

    /** Returns the part with this key, ignoring case. */
    public static SplitPart fromKey(String key) {
        for (SplitPart part : values()) {
            if (part.key.equals(key.toLowerCase(Locale.ROOT))) {
                return part;
            }
        }
        throw new IllegalArgumentException("Unknown split part '" + key + "'; expected train, val or test");
    }
}
