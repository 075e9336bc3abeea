package l2l.cli.text;

/**
 * Count phrases for messages, so that a count of 1 takes the singular: "1 episode", "20 episodes".
 * The commands in {@code l2l.cli} and {@code l2l.cli.bench} share it.
 */
public final class Plurals {

    private Plurals() {
    }

    /** Returns the count and the noun, with an "s" added unless the count is 1: "1 step", "20 steps". */
    public static String count(long value, String noun) {
        return count(value, noun, noun + "s");
    }

    /** Returns the count and the singular or the plural form: "1 class", "20 classes". */
    public static String count(long value, String singular, String plural) {
        return value + " " + (value == 1 ? singular : plural);
    }
}
