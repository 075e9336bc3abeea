package l2l.datasets.catalog;

/**
 * The size of a found dataset, for listings.
 *
 * @param classes the number of classes; for one-shot runs, the classes of all runs together
 * @param images the number of images
 * @param detail more about the contents, such as {@code 8 alphabets}
 */
public record Summary(long classes, long images, String detail) {
}
