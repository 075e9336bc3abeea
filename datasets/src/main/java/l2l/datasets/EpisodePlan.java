package l2l.datasets;

/**
 * The random choices of one episode, drawn before any image is read: the class of each label and,
 * for every position of the support and query sets, the class and image to put there.
 *
 * <p>Arrays are indexed by label ({@code classes}) or by position in the set (the others); class
 * and image indices refer to the sampler's dataset.
 */
final class EpisodePlan {

    final long index;
    final int[] classes;
    final int[] supportClasses;
    final int[] supportImages;
    final int[] supportLabels;
    final int[] queryClasses;
    final int[] queryImages;
    final int[] queryLabels;

    EpisodePlan(long index, int[] classes, int[] supportClasses, int[] supportImages, int[] supportLabels, int[] queryClasses,
            int[] queryImages, int[] queryLabels) {
        this.index = index;
        this.classes = classes;
        this.supportClasses = supportClasses;
        this.supportImages = supportImages;
        this.supportLabels = supportLabels;
        this.queryClasses = queryClasses;
        this.queryImages = queryImages;
        this.queryLabels = queryLabels;
    }
}
